package dev.hooks.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Runs the plainest {@code hooks sign} command lines without picocli, whose start-up (its converter registry, the
 * annotation model, ~120 ms of CPU) is most of what a {@code sign} in a CI loop costs beyond the JVM's own.
 *
 * <p>It takes only what it can read exactly as picocli would: {@code sign} first, then the options of
 * {@link SignCommand} and its {@link SigningOptions} written {@code --name value}, {@code --name=value} or
 * {@code -p value}, each at most once, with values that do not start with {@code -} or {@code @}, and at most one
 * FILE that does not either. Anything else (help, {@code --stacktrace}, {@code --}, {@code @files}, a defaults
 * file, a value picocli would convert differently or reject) is {@link #NOT_HANDLED}, and picocli parses the command
 * line as before, so output and exit codes never depend on which path ran. The command itself is the same {@link SignCommand#call()}.
 */
public final class DirectSign {
    /** Returned when picocli must run this command line. */
    public static final int NOT_HANDLED = -1;

    private DirectSign() {}

    /**
     * Runs a plain {@code sign} command line and returns its exit code, or {@link #NOT_HANDLED} when picocli must.
     *
     * @param ctx the environment and streams of the run
     * @param args the command line
     * @return the exit code, or {@link #NOT_HANDLED}
     */
    public static int run(Context ctx, String[] args) {
        SignCommand cmd = parse(ctx, args);
        if (cmd == null) {
            return NOT_HANDLED;
        }
        PrintWriter out = new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8);
        cmd.bind(ctx, out, err);
        int code;
        try {
            code = cmd.call();
        } catch (Exception e) {
            code = Cli.reportFailure(e, err, false);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command with its options set, or null when picocli must parse these arguments. */
    static SignCommand parse(Context ctx, String[] args) {
        if (args.length == 0 || !"sign".equals(args[0])) {
            return null;
        }
        for (String a : args) {
            if (a.startsWith("@")) {
                return null;
            }
        }
        // Defaults from a properties file apply to options not given: leave them to picocli's default provider.
        if (ctx.env("HOOKS_DEFAULTS") != null || Files.exists(ctx.configDir().resolve("defaults.properties"))) {
            return null;
        }
        SignCommand cmd = new SignCommand();
        SigningOptions signing = new SigningOptions();
        signing.secrets = new SecretOptions();
        signing.providers = new ProviderOptions();
        cmd.signing = signing;
        cmd.format = SignCommand.Format.headers;
        boolean formatGiven = false;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("-")) {
                    if (signing.file != null) {
                        return null;
                    }
                    signing.file = a;
                    continue;
                }
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 2) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                }
                if (value == null || value.isEmpty() || value.startsWith("-")) {
                    return null;
                }
                switch (name) {
                    case "-p", "--provider" -> {
                        if (signing.provider != null) {
                            return null;
                        }
                        signing.provider = value;
                    }
                    case "--secret" -> {
                        if (signing.secrets.secret != null) {
                            return null;
                        }
                        signing.secrets.secret = value;
                    }
                    case "--secret-env" -> {
                        if (signing.secrets.secretEnv != null) {
                            return null;
                        }
                        signing.secrets.secretEnv = value;
                    }
                    case "--secret-file" -> {
                        if (signing.secrets.secretFile != null) {
                            return null;
                        }
                        signing.secrets.secretFile = Path.of(value);
                    }
                    case "--providers-dir" -> {
                        if (signing.providers.providersDir != null) {
                            return null;
                        }
                        signing.providers.providersDir = Path.of(value);
                    }
                    case "--id" -> {
                        if (cmd.id != null) {
                            return null;
                        }
                        cmd.id = value;
                    }
                    case "--timestamp" -> {
                        if (cmd.timestamp != null || value.charAt(0) == '+') {
                            return null;
                        }
                        cmd.timestamp = Long.valueOf(value);
                    }
                    case "--url" -> {
                        if (cmd.url != null) {
                            return null;
                        }
                        cmd.url = value;
                    }
                    case "--format" -> {
                        if (formatGiven) {
                            return null;
                        }
                        formatGiven = true;
                        switch (value) {
                            case "headers" -> cmd.format = SignCommand.Format.headers;
                            case "value" -> cmd.format = SignCommand.Format.value;
                            case "json" -> cmd.format = SignCommand.Format.json;
                            default -> {
                                return null;
                            }
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (NumberFormatException | InvalidPathException e) {
            return null;
        }
        return signing.provider == null ? null : cmd;
    }
}
