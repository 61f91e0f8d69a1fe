package dev.hooks.term;

import java.io.PrintStream;
import java.util.Map;

/** Whether output goes to a person at a terminal (progress bars, colour) or to a pipe or file (plain lines only). */
public final class Terminal {
    private Terminal() {}

    /**
     * True when {@code stream} is the process's own stderr/stdout attached to a terminal: the JVM has a console
     * (stdin and stdout are terminals) and {@code TERM} is not {@code dumb}. {@code HOOKS_PROGRESS=never|always}
     * overrides.
     */
    public static boolean interactive(PrintStream stream, Map<String, String> env) {
        String force = env.get("HOOKS_PROGRESS");
        if ("never".equals(force)) {
            return false;
        }
        if ("always".equals(force)) {
            return true;
        }
        if (stream != System.err && stream != System.out) {
            return false;
        }
        return System.console() != null && !"dumb".equals(env.get("TERM"));
    }

    /** The terminal's width from {@code COLUMNS}, else 80. */
    public static int width(Map<String, String> env) {
        try {
            int w = Integer.parseInt(env.getOrDefault("COLUMNS", "80").strip());
            return w >= 40 ? w : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
