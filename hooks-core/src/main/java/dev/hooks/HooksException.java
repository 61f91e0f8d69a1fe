package dev.hooks;

/**
 * A failure that ends a command with a one-line message and a documented exit code (see CLI.md).
 * Every package may throw it; only {@code dev.hooks.cli} turns it into output.
 */
public class HooksException extends RuntimeException {
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    public static final int NETWORK = 3;
    public static final int INTERNAL = 4;

    private final int exitCode;

    public HooksException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public HooksException(int exitCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    /** Bad input: unknown provider, unreadable file, malformed key, missing secret (exit 2). */
    public static HooksException input(String message) {
        return new HooksException(USAGE, message);
    }

    /** The check failed: invalid signature, tag mismatch, handshake not echoed (exit 1). */
    public static HooksException check(String message) {
        return new HooksException(CHECK_FAILED, message);
    }

    /** Could not connect or the network failed (exit 3). */
    public static HooksException network(String message) {
        return new HooksException(NETWORK, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
