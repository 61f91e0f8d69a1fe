package dev.hooks.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may use from the outside world: environment, standard streams, clock. Commands take these from
 * here instead of {@link System}, so tests run whole commands in one JVM with their own home directory.
 */
public record Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock) {
    public Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this(Map.copyOf(env), in, out, err, Clock.systemUTC());
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public Path home() {
        String h = env("HOME");
        return Path.of(h != null ? h : System.getProperty("user.home"));
    }

    /** {@code $XDG_CONFIG_HOME/hooks}, default {@code ~/.config/hooks}. */
    public Path configDir() {
        String x = env("XDG_CONFIG_HOME");
        return (x != null ? Path.of(x) : home().resolve(".config")).resolve("hooks");
    }

    /** {@code $XDG_STATE_HOME/hooks}, default {@code ~/.local/state/hooks}. */
    public Path stateDir() {
        String x = env("XDG_STATE_HOME");
        return (x != null ? Path.of(x) : home().resolve(".local").resolve("state")).resolve("hooks");
    }

    /** Whether colour is wanted: never with NO_COLOR set or when output is not a terminal. */
    public boolean colour() {
        return env.get("NO_COLOR") == null && System.console() != null && "true".equals(env.getOrDefault("HOOKS_COLOR", "true"));
    }
}
