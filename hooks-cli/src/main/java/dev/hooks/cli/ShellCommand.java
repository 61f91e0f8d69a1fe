package dev.hooks.cli;

import dev.hooks.term.CommandTree;
import dev.hooks.term.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

@Command(name = "shell",
        description = {"An interactive shell over the hooks commands, with TAB completion of commands, options, "
                + "provider and event names, and history in $XDG_STATE_HOME/hooks/shell_history "
                + "(secret values are never written to it).",
                "Ctrl-C drops the line (or stops the running command), Ctrl-D or 'exit' leaves."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks shell", "  hooks> sign --provider github --secret-env GH_SECRET body.json"})
/** {@code hooks shell}: the commands in a JLine shell, completed from the same command model. */
public final class ShellCommand extends BaseCommand {
    /** Options whose values are secrets: kept out of the shell's history. */
    static final Set<String> SECRET_OPTIONS = Set.of("--secret", "--api-key", "--oauth-client-secret",
            "--encryption-key");

    @Override
    public Integer call() {
        Context ctx = ctx();
        Context perLine = new Context(ctx.env(), new ShellInput(), ctx.out(), ctx.err(), ctx.clock());
        Shell shell = new Shell(tree(ctx), args -> runLine(perLine, args), ctx.stateDir().resolve("shell_history"),
                SECRET_OPTIONS);
        out().flush();
        return shell.run();
    }

    /** One line: a fresh command tree, the same as a separate {@code hooks} invocation. */
    static int runLine(Context ctx, String[] args) {
        if (args.length > 0 && args[0].equals("shell")) {
            ctx.err().println("hooks: you are in the shell already");
            return 2;
        }
        return Cli.run(ctx, args);
    }

    /** The completion model of every command, read from the same definitions the parser uses. */
    static CommandTree tree(Context ctx) {
        return node(Cli.create(ctx).getCommandSpec(), new IdentityHashMap<>());
    }

    private static CommandTree node(CommandSpec spec, Map<CommandSpec, Boolean> seen) {
        seen.put(spec, true);
        List<CommandTree.OptionNode> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            boolean takesValue = o.arity().max() > 0;
            Iterable<String> values = takesValue ? o.completionCandidates() : null;
            options.add(new CommandTree.OptionNode(List.of(o.names()), first(o.description()), takesValue,
                    values == null ? null : () -> values));
        }
        List<CommandTree> subs = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || seen.containsKey(sub) || !e.getKey().equals(sub.name())) {
                continue;
            }
            CommandTree child = node(sub, seen);
            subs.add(child);
        }
        Set<String> positional = new LinkedHashSet<>();
        List<Iterable<String>> sources = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.completionCandidates() != null && !p.hidden()) {
                sources.add(p.completionCandidates());
            }
        }
        return new CommandTree(spec.name(), first(spec.usageMessage().description()), options, subs,
                sources.isEmpty() ? null : () -> {
                    positional.clear();
                    sources.forEach(s -> s.forEach(positional::add));
                    return new ArrayList<>(positional);
                });
    }

    private static String first(String[] lines) {
        if (lines == null || lines.length == 0) {
            return null;
        }
        String s = lines[0].replaceAll("\\$\\{[^}]*}", "").strip();
        int stop = s.indexOf(". ");
        return stop > 0 ? s.substring(0, stop + 1) : s;
    }

    /**
     * Standard input inside the shell: there is none, since the terminal is the shell's (a command that takes over
     * the terminal itself, as listen's status line does, knows it is on one by this).
     */
    static final class ShellInput extends InputStream {
        @Override
        public int read() throws IOException {
            throw new IOException("there is no standard input in hooks shell: pass a FILE");
        }
    }
}
