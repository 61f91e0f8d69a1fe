package dev.hooks.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a properties file: {@code $HOOKS_DEFAULTS}, else {@code ~/.config/hooks/defaults.properties}.
 * Keys are the command path and the option's long name: {@code listen.port = 4000}, {@code send.provider = paismo}.
 */
final class DefaultsProvider implements IDefaultValueProvider {
    private final Context ctx;
    private Properties props;

    DefaultsProvider(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        Properties p = properties();
        if (p.isEmpty()) {
            return null;
        }
        String command = arg.command().qualifiedName(".");
        int dot = command.indexOf('.');
        command = dot < 0 ? "" : command.substring(dot + 1);
        String name = option.longestName().replaceFirst("^-+", "");
        return p.getProperty(command.isEmpty() ? name : command + "." + name);
    }

    private Properties properties() {
        if (props == null) {
            props = new Properties();
            String explicit = ctx.env("HOOKS_DEFAULTS");
            Path file = explicit != null ? Path.of(explicit) : ctx.configDir().resolve("defaults.properties");
            if (Files.isRegularFile(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(r);
                } catch (IOException e) {
                    throw dev.hooks.HooksException.input("cannot read defaults file " + file + ": " + e.getMessage());
                }
            } else if (explicit != null) {
                throw dev.hooks.HooksException.input("HOOKS_DEFAULTS names " + file + ", which is not a readable file");
            }
        }
        return props;
    }
}
