package dev.hooks.cli;

import dev.hooks.HooksException;
import java.io.PrintWriter;

/**
 * How a command's failure ends, whichever path ran it: picocli's ({@link Cli}) or {@link Direct}, which must not load
 * {@link Cli} (verifying it loads picocli's classes).
 */
final class Failure {
    private Failure() {}

    /** How a command's failure ends: its one-line message and exit code, or an internal error (exit 4). */
    static int report(Exception ex, PrintWriter err, boolean trace) {
        if (ex instanceof HooksException he) {
            err.println("hooks: " + he.getMessage());
            if (trace) {
                ex.printStackTrace(err);
            }
            return he.exitCode();
        }
        err.println("hooks: internal error: " + ex + (trace ? "" : " (run again with --stacktrace to see where)"));
        if (trace) {
            ex.printStackTrace(err);
        }
        return HooksException.INTERNAL;
    }
}
