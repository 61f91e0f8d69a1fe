package dev.hooks.testing;

/** The oracle could not answer: not installed, bad request, or (for decrypt) the authentication tag did not match. */
public class OracleException extends RuntimeException {
    public OracleException(String message) {
        super(message);
    }

    public OracleException(String message, Throwable cause) {
        super(message, cause);
    }
}
