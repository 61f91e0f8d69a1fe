package dev.hooks;

/**
 * The receiver's answer to a URL verification handshake, judged as the provider judges it.
 *
 * @param passed whether the provider would accept the answer
 * @param reason why not (or what differed), or null
 * @param status the HTTP status, 0 when no answer came
 * @param body the answer's body as text
 * @param requestBody the handshake request's body as sent
 */
public record HandshakeResult(boolean passed, String reason, int status, String body, byte[] requestBody) {
    @Override
    public String toString() {
        return (passed ? "passed" : "failed: " + reason) + " (" + status + ")";
    }
}
