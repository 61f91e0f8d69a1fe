package dev.hooks;

/**
 * A failure with a one-line message: in the command line it ends the command with a documented exit code (see
 * CLI.md); in the Java API ({@link Hooks}) it is what a mistake of input throws (an unknown provider, a malformed
 * secret, a sample that does not exist). Every package may throw it; only {@code dev.hooks.cli} turns it into output.
 */
public class HooksException extends RuntimeException {
    /** Exit code 1: the check failed (invalid signature, tag mismatch, handshake not echoed). */
    public static final int CHECK_FAILED = 1;
    /** Exit code 2: usage or input error. */
    public static final int USAGE = 2;
    /** Exit code 3: could not connect, or the network failed. */
    public static final int NETWORK = 3;
    /** Exit code 4: an internal error. */
    public static final int INTERNAL = 4;

    private final int exitCode;

    /** A failure with this exit code and one-line message. */
    public HooksException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A failure with this exit code and one-line message, caused by {@code cause}. */
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

    /** The exit code the command line ends with: one of the constants above. */
    public int exitCode() {
        return exitCode;
    }
}
