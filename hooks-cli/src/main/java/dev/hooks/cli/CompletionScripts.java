package dev.hooks.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts generated from the command model, so that every command, option, provider name and event
 * name a command declares completes without a hand-written list. Bash comes from picocli's {@link AutoComplete}; zsh
 * runs the same script through {@code bashcompinit}; fish is generated here from the {@link CommandSpec} tree.
 *
 * <p>{@code main(DIR)} writes {@code hooks.bash}, {@code hooks.zsh} and {@code hooks.fish} into DIR: the build runs it
 * on {@code completions/} (see {@link #REGENERATE}).
 */
public final class CompletionScripts {
    /** The command that rewrites the committed scripts. */
    public static final String REGENERATE = "mvn -B -q -DskipTests package";

    /** The shells a script exists for, by name, with the file each is committed as. */
    public static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("bash", "hooks.bash");
        FILES.put("zsh", "hooks.zsh");
        FILES.put("fish", "hooks.fish");
    }

    private CompletionScripts() {}

    /** Writes every script into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompletionScripts DIR");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        CommandLine tree = tree();
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            Path file = dir.resolve(e.getValue());
            String script = script(e.getKey(), tree);
            if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(script)) {
                Files.writeString(file, script, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The full command tree as a build sees it: no user defaults, no user profiles, so the scripts are the same on every
     * machine.
     */
    static CommandLine tree() {
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("HOME", Path.of(System.getProperty("java.io.tmpdir"), "hooks-completion-home").toString());
        return Cli.create(new Context(env, new ByteArrayInputStream(new byte[0]), sink, sink));
    }

    /** The script for {@code shell} (bash, zsh or fish) over this command tree. */
    public static String script(String shell, CommandLine tree) {
        return switch (shell.toLowerCase(Locale.ROOT)) {
            case "bash" -> bash(tree);
            case "zsh" -> zsh(tree);
            case "fish" -> fish(tree);
            default -> throw new IllegalArgumentException("no completion script for shell '" + shell + "': use bash, zsh or fish");
        };
    }

    static String bash(CommandLine tree) {
        return header("bash", "source <(hooks completion bash)   # or copy to /etc/bash_completion.d/hooks")
                + picocliBash(tree);
    }

    static String zsh(CommandLine tree) {
        // picocli's script enables bashcompinit itself when $ZSH_VERSION is set; loading it first keeps `complete`
        // defined even where the user's zshrc has not run compinit yet.
        return header("zsh", "source <(hooks completion zsh)   # in ~/.zshrc")
                + "autoload -U +X compinit && compinit -C\n"
                + "autoload -U +X bashcompinit && bashcompinit\n\n"
                + picocliBash(tree);
    }

    /**
     * picocli's bash script, with files offered after options whose text is a path or something else
     * ({@code --store PATH|URL}): picocli completes files only for options typed as files.
     */
    private static String picocliBash(CommandLine tree) {
        String script = AutoComplete.bash(name(tree), tree).replace("\r\n", "\n");
        return withFiles(script, tree, "_picocli_" + name(tree));
    }

    /** {@link #picocliBash} for {@code cl}, whose script function is {@code function}, and its subcommands. */
    private static String withFiles(String script, CommandLine cl, String function) {
        String head = "function " + function + "() {\n";
        int from = script.indexOf(head);
        int to = from < 0 ? -1 : script.indexOf("\n}\n", from);
        if (to > 0) {
            String body = script.substring(from, to);
            for (picocli.CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                if (isPath(o) && o.type() != Path.class && o.type() != java.io.File.class) {
                    for (String name : o.names()) {
                        body = body.replace("    '" + name + "')\n      return\n      ;;\n",
                                "    '" + name + "')\n"
                                + "      local IFS=$'\\n'\n"
                                + "      type compopt &>/dev/null && compopt -o filenames\n"
                                + "      COMPREPLY=( $( compgen -f -- \"${curr_word}\" ) ) # files\n"
                                + "      return $?\n"
                                + "      ;;\n");
                    }
                }
            }
            script = script.substring(0, from) + body + script.substring(to);
        }
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            script = withFiles(script, e.getValue(), function + "_" + e.getKey());
        }
        return script;
    }

    private static String name(CommandLine tree) {
        return tree.getCommandSpec().name();
    }

    private static String header(String shell, String install) {
        return "# " + shell + " completion for hooks, generated from the command model: do not edit.\n"
                + "# Regenerate with: " + REGENERATE + "   (or: hooks completion " + shell + ")\n"
                + "# Install: " + install + "\n\n";
    }

    // ----- fish -----------------------------------------------------------------------------------------------------

    static String fish(CommandLine tree) {
        String root = name(tree);
        String fn = "__" + root.replaceAll("[^A-Za-z0-9_]", "_");
        List<String> paths = new ArrayList<>();
        collectPaths(tree, "", paths);
        StringBuilder out = new StringBuilder(header("fish", "hooks completion fish > ~/.config/fish/completions/hooks.fish"));
        out.append("# The command path being completed (\"\", \"providers\", \"providers show\", ...).\n");
        out.append("function ").append(fn).append("_path\n");
        out.append("    set -l known");
        for (String p : paths) {
            out.append(' ').append(quote(p));
        }
        out.append('\n');
        out.append("    set -l path ''\n");
        out.append("    for t in (commandline -opc)[2..-1]\n");
        out.append("        set -l next (string trim -- \"$path $t\")\n");
        out.append("        if contains -- $next $known\n");
        out.append("            set path $next\n");
        out.append("        end\n");
        out.append("    end\n");
        out.append("    echo $path\n");
        out.append("end\n\n");
        out.append("function ").append(fn).append("_at\n");
        out.append("    test (").append(fn).append("_path) = \"$argv[1]\"\n");
        out.append("end\n\n");
        out.append("complete -c ").append(root).append(" -e\n");
        fishCommand(out, root, fn, tree, "");
        return out.toString();
    }

    private static void collectPaths(CommandLine cl, String path, List<String> paths) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String p = path.isEmpty() ? e.getKey() : path + " " + e.getKey();
            if (!paths.contains(p)) {
                paths.add(p);
            }
            collectPaths(e.getValue(), p, paths);
        }
    }

    private static void fishCommand(StringBuilder out, String root, String fn, CommandLine cl, String path) {
        CommandSpec spec = cl.getCommandSpec();
        String at = " -n " + quote(fn + "_at " + quote(path));
        out.append("\n# ").append(path.isEmpty() ? root : root + " " + path).append('\n');
        boolean hasSubcommands = false;
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            hasSubcommands = true;
            out.append("complete -c ").append(root).append(at).append(" -f -a ").append(quote(e.getKey()))
                    .append(" -d ").append(quote(firstLine(sub.usageMessage().description()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            out.append("complete -c ").append(root).append(at);
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    out.append(" -l ").append(n.substring(2));
                } else if (n.startsWith("-") && n.length() == 2) {
                    out.append(" -s ").append(n.substring(1));
                } else {
                    out.append(" -o ").append(n.substring(1));
                }
            }
            if (o.arity().max() > 0) {
                out.append(" -r");
                appendValues(out, o);
            }
            out.append(" -d ").append(quote(firstLine(o.description()))).append('\n');
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            List<String> values = candidates(p);
            if (!values.isEmpty()) {
                out.append("complete -c ").append(root).append(at).append(" -f -a ").append(quote(String.join(" ", values)))
                        .append(" -d ").append(quote(p.paramLabel())).append('\n');
            }
        }
        if (hasSubcommands && spec.positionalParameters().isEmpty()) {
            out.append("complete -c ").append(root).append(at).append(" -f\n");
        }
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden() && e.getValue().getCommandSpec().name().equals(e.getKey())) {
                fishCommand(out, root, fn, e.getValue(), path.isEmpty() ? e.getKey() : path + " " + e.getKey());
            }
        }
    }

    private static void appendValues(StringBuilder out, ArgSpec arg) {
        List<String> values = candidates(arg);
        if (!values.isEmpty()) {
            out.append(" -f -a ").append(quote(String.join(" ", values)));
        } else if (isPath(arg)) {
            out.append(" -F");
        } else {
            out.append(" -f");
        }
    }

    /** A file argument: a Path or File, or text that is a path or something else ({@code PATH|URL}). */
    private static boolean isPath(ArgSpec arg) {
        Class<?> type = arg.type();
        return type == Path.class || type == java.io.File.class
                || (arg instanceof picocli.CommandLine.Model.OptionSpec o && o.paramLabel().startsWith("PATH|"));
    }

    private static List<String> candidates(ArgSpec arg) {
        List<String> values = new ArrayList<>();
        Iterable<String> c = arg.completionCandidates();
        if (c != null) {
            for (String v : c) {
                values.add(v);
            }
        }
        return values;
    }

    private static String firstLine(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String s = description[0].strip();
        int stop = s.indexOf(". ");
        return stop > 0 ? s.substring(0, stop + 1) : s;
    }

    /** A fish single-quoted string. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
