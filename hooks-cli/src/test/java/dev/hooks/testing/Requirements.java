package dev.hooks.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test needs from the machine beyond Java and Maven (Chromium, tmux, sshd, Node, ip netns).
 *
 * <p>Where the thing is missing the test is skipped with one line naming it and how to install it. Under
 * {@code HOOKS_STRICT_TESTS=1}, which {@code .ci/run} sets, a missing requirement fails the test instead, so
 * CI never passes by skipping.
 */
public final class Requirements {

    /** The environment variable under which a missing requirement is a failure, not a skip. */
    public static final String STRICT = "HOOKS_STRICT_TESTS";

    private Requirements() {}

    /** Skips (or, strict, fails) unless {@code command} is an executable on the PATH or an absolute path. */
    public static Path command(String command, String install) {
        Path found = find(command);
        if (found == null) {
            missing(command + " not found (" + install + ")");
        }
        return found;
    }

    /** Skips (or, strict, fails) with {@code what} unless {@code condition} holds. */
    public static void require(boolean condition, String what) {
        if (!condition) {
            missing(what);
        }
    }

    /** The executable {@code command} on the PATH (or as given, when it names a file), or null. */
    public static Path find(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/lib/chromium"}) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** True when missing requirements fail tests instead of skipping them. */
    public static boolean strict() {
        String v = System.getenv(STRICT);
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static void missing(String what) {
        if (strict()) {
            fail("required by this test and " + STRICT + " is set: " + what);
        }
        abort("skipped: " + what);
    }
}
