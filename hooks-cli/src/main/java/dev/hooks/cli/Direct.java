package dev.hooks.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Runs the plainest {@code hooks sign}, {@code verify}, {@code encrypt}, {@code decrypt} and {@code keygen} command
 * lines without picocli, whose start-up (its converter registry, the annotation model, ~120 ms of CPU) is most of what
 * such a command in a CI loop costs beyond the JVM's own.
 *
 * <p>It takes only what it can read exactly as picocli would: the command first, then its options (for sign and
 * verify those of {@link SignCommand} or {@link VerifyCommand} and their {@link SigningOptions}; for encrypt, decrypt
 * and keygen those of {@link EncryptCommand}, {@link DecryptCommand} and {@link KeygenCommand}) written
 * {@code --name value}, {@code --name=value} or {@code -p value} ({@code -H value} for verify's headers, which may
 * repeat), each other one at most once, with values that do not start with {@code -} or {@code @}, and at most one
 * FILE that does not either (keygen takes none); decrypt without its required {@code --iv} is picocli's to report.
 * Anything else (help, {@code --stacktrace}, {@code --}, {@code @files}, a defaults file, a value picocli would convert
 * differently or reject) is {@link #NOT_HANDLED}, and picocli parses the command line as before, so output and exit
 * codes never depend on which path ran. The command itself is the same {@code call()}.
 */
public final class Direct {
    /** Returned when picocli must run this command line. */
    public static final int NOT_HANDLED = -1;

    private Direct() {}

    /**
     * Runs a plain {@code sign}, {@code verify}, {@code encrypt}, {@code decrypt} or {@code keygen} command line and
     * returns its exit code, or {@link #NOT_HANDLED} when picocli must.
     *
     * @param ctx the environment and streams of the run
     * @param args the command line
     * @return the exit code, or {@link #NOT_HANDLED}
     */
    public static int run(Context ctx, String[] args) {
        BaseCommand cmd = parse(ctx, args);
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
            code = Failure.report(e, err, false);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command with its options set, or null when picocli must parse these arguments. */
    static BaseCommand parse(Context ctx, String[] args) {
        if (args.length == 0) {
            return null;
        }
        Reader reader = switch (args[0]) {
            case "sign", "verify" -> new Signing("sign".equals(args[0]));
            case "encrypt", "decrypt" -> new Sealing("encrypt".equals(args[0]));
            case "keygen" -> new Keygen();
            default -> null;
        };
        if (reader == null) {
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
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("-")) {
                    if (!reader.file(a)) {
                        return null;
                    }
                    continue;
                }
                if (reader.flag(a)) {
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
                if (value == null || value.isEmpty() || value.startsWith("-") || !reader.option(name, value)) {
                    return null;
                }
            }
        } catch (NumberFormatException | InvalidPathException | Unusual e) {
            return null;
        }
        return reader.command();
    }

    /** One command's options as picocli would read them; each method false (or null) where picocli must read them. */
    private interface Reader {
        /** Takes the positional FILE. */
        boolean file(String file);

        /** Takes an option without a value. */
        default boolean flag(String name) {
            return false;
        }

        /** Takes an option with its value. */
        boolean option(String name, String value);

        /** The command, or null when a required option is missing. */
        BaseCommand command();
    }

    /** {@code sign} and {@code verify}: {@link SignCommand}, {@link VerifyCommand} and their {@link SigningOptions}. */
    private static final class Signing implements Reader {
        private final boolean sign;
        private final SigningOptions signing = new SigningOptions();
        private final SignCommand signCommand = new SignCommand();
        private final VerifyCommand verifyCommand = new VerifyCommand();
        private boolean formatGiven;

        Signing(boolean sign) {
            this.sign = sign;
            signing.secrets = new SecretOptions();
            signing.providers = new ProviderOptions();
            signCommand.signing = signing;
            signCommand.format = SignCommand.Format.headers;
            verifyCommand.signing = signing;
            verifyCommand.format = VerifyCommand.Format.text;
        }

        @Override
        public boolean file(String file) {
            signing.file = once(signing.file, file);
            return true;
        }

        @Override
        public boolean flag(String name) {
            if (!sign && name.equals("--no-tolerance")) {
                if (verifyCommand.noTolerance) {
                    throw new Unusual();
                }
                verifyCommand.noTolerance = true;
                return true;
            }
            return false;
        }

        @Override
        public boolean option(String name, String value) {
            if (signingOption(signing, name, value)) {
                return true;
            }
            if (name.equals("--format")) {
                if (formatGiven) {
                    throw new Unusual();
                }
                formatGiven = true;
                return sign ? signFormat(signCommand, value) : verifyFormat(verifyCommand, value);
            }
            return sign ? signOption(signCommand, name, value) : verifyOption(verifyCommand, name, value);
        }

        @Override
        public BaseCommand command() {
            if (signing.provider == null) {
                return null;
            }
            return sign ? signCommand : verifyCommand;
        }
    }

    /** {@code encrypt} and {@code decrypt}: {@code --encryption-key}, {@code --iv}, FILE and encrypt's {@code --format}. */
    private static final class Sealing implements Reader {
        private final boolean encrypt;
        private final EncryptionKeyOption key = new EncryptionKeyOption();
        private String iv;
        private String file;
        private EncryptCommand.Format format;

        Sealing(boolean encrypt) {
            this.encrypt = encrypt;
        }

        @Override
        public boolean file(String file) {
            this.file = once(this.file, file);
            return true;
        }

        @Override
        public boolean option(String name, String value) {
            switch (name) {
                case "--encryption-key" -> key.key = once(key.key, value);
                case "--iv" -> iv = once(iv, value);
                case "--format" -> {
                    if (!encrypt) {
                        return false;
                    }
                    format = once(format, switch (value) {
                        case "json" -> EncryptCommand.Format.json;
                        case "body" -> EncryptCommand.Format.body;
                        default -> throw new Unusual();
                    });
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public BaseCommand command() {
            if (encrypt) {
                EncryptCommand cmd = new EncryptCommand();
                cmd.key = key;
                cmd.iv = iv;
                cmd.file = file;
                cmd.format = format != null ? format : EncryptCommand.Format.json;
                return cmd;
            }
            if (iv == null) {
                // decrypt's --iv is required: picocli reports it missing, with the command's usage.
                return null;
            }
            DecryptCommand cmd = new DecryptCommand();
            cmd.key = key;
            cmd.iv = iv;
            cmd.file = file;
            return cmd;
        }
    }

    /** {@code keygen}: {@code --type} alone. */
    private static final class Keygen implements Reader {
        private final KeygenCommand cmd = new KeygenCommand();

        @Override
        public boolean file(String file) {
            return false;
        }

        @Override
        public boolean option(String name, String value) {
            if (!name.equals("--type")) {
                return false;
            }
            cmd.type = once(cmd.type, switch (value) {
                case "secret" -> KeygenCommand.Type.secret;
                case "aes" -> KeygenCommand.Type.aes;
                case "whsec" -> KeygenCommand.Type.whsec;
                case "ed25519" -> KeygenCommand.Type.ed25519;
                default -> throw new Unusual();
            });
            return true;
        }

        @Override
        public BaseCommand command() {
            if (cmd.type == null) {
                cmd.type = KeygenCommand.Type.secret;
            }
            return cmd;
        }
    }

    /** Sets one of {@link SigningOptions}' options; false when {@code name} is not one of them. */
    private static boolean signingOption(SigningOptions signing, String name, String value) {
        switch (name) {
            case "-p", "--provider" -> signing.provider = once(signing.provider, value);
            case "--secret" -> signing.secrets.secret = once(signing.secrets.secret, value);
            case "--secret-env" -> signing.secrets.secretEnv = once(signing.secrets.secretEnv, value);
            case "--secret-file" -> signing.secrets.secretFile = once(signing.secrets.secretFile, Path.of(value));
            case "--providers-dir" -> signing.providers.providersDir = once(signing.providers.providersDir, Path.of(value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets one of sign's own options; false when picocli must read it. */
    private static boolean signOption(SignCommand cmd, String name, String value) {
        switch (name) {
            case "--id" -> cmd.id = once(cmd.id, value);
            case "--timestamp" -> cmd.timestamp = once(cmd.timestamp, number(value));
            case "--url" -> cmd.url = once(cmd.url, value);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean signFormat(SignCommand cmd, String value) {
        switch (value) {
            case "headers" -> cmd.format = SignCommand.Format.headers;
            case "value" -> cmd.format = SignCommand.Format.value;
            case "json" -> cmd.format = SignCommand.Format.json;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets one of verify's own options; false when picocli must read it. */
    private static boolean verifyOption(VerifyCommand cmd, String name, String value) {
        switch (name) {
            case "-H", "--header" -> cmd.headers.add(value);
            case "--signature" -> cmd.signature = once(cmd.signature, value);
            case "--id" -> cmd.id = once(cmd.id, value);
            case "--timestamp" -> cmd.timestamp = once(cmd.timestamp, value);
            case "--url" -> cmd.url = once(cmd.url, value);
            case "--tolerance" -> cmd.tolerance = once(cmd.tolerance, value);
            case "--now" -> cmd.now = once(cmd.now, number(value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The option's value, unless it has one already: picocli reports an option given twice. */
    private static <T> T once(T current, T value) {
        if (current != null) {
            throw new Unusual();
        }
        return value;
    }

    /** A whole number as picocli reads a Long, or {@link Unusual} where it might read it otherwise (a sign). */
    private static Long number(String value) {
        if (value.charAt(0) == '+') {
            throw new Unusual();
        }
        return Long.valueOf(value);
    }

    /** A command line that picocli must parse after all. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusual() {
            super(null, null, false, false);
        }
    }

    private static boolean verifyFormat(VerifyCommand cmd, String value) {
        switch (value) {
            case "text" -> cmd.format = VerifyCommand.Format.text;
            case "json" -> cmd.format = VerifyCommand.Format.json;
            default -> {
                return false;
            }
        }
        return true;
    }
}
