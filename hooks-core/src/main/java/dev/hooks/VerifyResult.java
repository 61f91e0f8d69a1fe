package dev.hooks;

/**
 * Whether a delivery's signature matched, and why not.
 *
 * @param valid true when the signature matched the body (and the timestamp was within tolerance)
 * @param reason one line on why it did not, such as {@code signature mismatch} or {@code timestamp 400 s old};
 *     null when valid
 * @param algorithm the algorithm checked, such as {@code hmac-sha256} or {@code ed25519}
 * @param signedContent what the provider signs for this body, as text (long bodies abbreviated), for debugging a
 *     mismatch; null when the header could not be read. It never holds the secret.
 */
public record VerifyResult(boolean valid, String reason, String algorithm, String signedContent) {
    @Override
    public String toString() {
        return valid ? "valid (" + algorithm + ")" : "invalid: " + reason;
    }
}
