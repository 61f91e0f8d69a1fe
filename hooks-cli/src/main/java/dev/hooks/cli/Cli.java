package dev.hooks.cli;

import dev.hooks.HooksException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Builds the {@code hooks} command line, the same way for production and tests, and maps every outcome to the exit
 * codes of CLI.md. When the first argument names a command, only that command is built: picocli builds its tree by
 * reflection, and a {@code sign} in a CI loop should not pay for {@code listen}.
 */
public final class Cli {
    /**
     * Every top-level command, in the order help lists them, by class name: only the command a run names is loaded.
     * (Method references here cost a lambda class and the loading and linking of every command class at start-up.)
     */
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        // picocli looks up Groovy's Closure class once, for closures in annotations, which hooks has none of. A class
        // that is not there makes the class loader open every jar of the class path, about 50 of them: 40-70 ms of
        // every command's start-up. The property makes picocli skip the lookup.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        COMMANDS.put("listen", "dev.hooks.cli.ListenCommand");
        COMMANDS.put("send", "dev.hooks.cli.SendCommand");
        COMMANDS.put("handshake", "dev.hooks.cli.HandshakeCommand");
        COMMANDS.put("check", "dev.hooks.cli.CheckCommand");
        COMMANDS.put("emulate", "dev.hooks.cli.EmulateCommand");
        COMMANDS.put("trigger", "dev.hooks.cli.TriggerCommand");
        COMMANDS.put("events", "dev.hooks.cli.EventsCommand");
        COMMANDS.put("scenario", "dev.hooks.cli.ScenarioCommand");
        COMMANDS.put("sign", "dev.hooks.cli.SignCommand");
        COMMANDS.put("verify", "dev.hooks.cli.VerifyCommand");
        COMMANDS.put("validate", "dev.hooks.cli.ValidateCommand");
        COMMANDS.put("encrypt", "dev.hooks.cli.EncryptCommand");
        COMMANDS.put("decrypt", "dev.hooks.cli.DecryptCommand");
        COMMANDS.put("keygen", "dev.hooks.cli.KeygenCommand");
        COMMANDS.put("providers", "dev.hooks.cli.ProvidersCommand");
        COMMANDS.put("samples", "dev.hooks.cli.SamplesCommand");
        COMMANDS.put("completion", "dev.hooks.cli.CompletionCommand");
        COMMANDS.put("shell", "dev.hooks.cli.ShellCommand");
    }

    private Cli() {}

    private static Object instantiate(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }

    /** The whole command tree. */
    public static CommandLine create(Context ctx) {
        return create(ctx, new String[0]);
    }

    /** The command tree for these arguments: only the named command when the first argument names one. */
    public static CommandLine create(Context ctx, String[] args) {
        HooksCommand root = new HooksCommand(ctx);
        CommandLine cl = new CommandLine(root);
        String first = args.length > 0 ? args[0] : null;
        if (first != null && COMMANDS.containsKey(first)) {
            add(cl, first);
        } else {
            for (String name : COMMANDS.keySet()) {
                add(cl, name);
            }
        }
        cl.setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8));
        cl.setDefaultValueProvider(new DefaultsProvider(ctx));
        cl.setParameterExceptionHandler(Cli::onParameterError);
        cl.setExecutionExceptionHandler(Cli::onExecutionError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        withVerbatimExamples(cl);
        HelpFormat.install(cl);
        return cl;
    }

    /**
     * Prints every command's examples (its footer) line for line, never wrapped: a URL or header value broken at
     * the usage width cannot be pasted. Descriptions still wrap at the terminal's width (80 when not a terminal).
     */
    private static void withVerbatimExamples(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder text = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                text.append(String.format(line)).append(System.lineSeparator());
            }
            return text.toString();
        });
        cl.getSubcommands().values().forEach(Cli::withVerbatimExamples);
    }

    private static void add(CommandLine cl, String name) {
        Object command = instantiate(COMMANDS.get(name));
        if (command != null) {
            cl.addSubcommand(name, command);
            withHelpOption(cl.getSubcommands().get(name));
        }
    }

    /** Gives a command and its subcommands {@code -h, --help}, so every {@code hooks COMMAND --help} works. */
    private static void withHelpOption(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(Cli::withHelpOption);
    }

    /** Parses and runs one command line; returns its exit code. */
    public static int run(Context ctx, String[] args) {
        int direct = Direct.run(ctx, args);
        return direct != Direct.NOT_HANDLED ? direct : runParsed(ctx, args);
    }

    /** {@link #run} with picocli parsing every command line, including those {@link Direct} takes. */
    static int runParsed(Context ctx, String[] args) {
        CommandLine cl = create(ctx, args);
        cl.getCommandSpec().userObject();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    private static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (ex.getMessage() != null && ex.getMessage().startsWith("Invalid value for ")) {
            // A value of the wrong type (--port abc): the option is known, so its help, not the whole synopsis.
            err.println("hooks: " + ex.getMessage().replaceFirst("is not an? (int|long)$", "is not a whole number").replaceFirst("is not a double$", "is not a number") + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help').");
            return HooksException.USAGE;
        }
        err.println("hooks: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.print("Usage: " + cmd.getHelp().synopsis(0));
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
        return HooksException.USAGE;
    }

    private static int onExecutionError(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean trace = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--stacktrace");
        if (ex instanceof CommandLine.ParameterException pe) {
            return onParameterError(pe, parsed.originalArgs().toArray(new String[0]));
        }
        return Failure.report(ex, err, trace);
    }
}
