package dev.hooks.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request as {@link IndependentReceiver} saw it.
 *
 * @param headers   lower-case names; a repeated header's values joined with ", "
 * @param body      the raw bytes received
 * @param verified  true or false as the independent verifier found; null where nothing was checked
 *                  (a scheme without signature, the token endpoint, an unsigned handshake)
 * @param error     why verification, authentication or decryption failed, or null
 * @param decrypted the Teal plaintext when the receiver had an encryption key, else null
 * @param status    the HTTP status the receiver answered
 * @param atMs      when the request was complete, epoch milliseconds
 */
public record ReceivedRequest(String method, String path, String query, Map<String, String> headers, byte[] body,
                              Boolean verified, String error, byte[] decrypted, int status, long atMs) {

    /** A header's value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String decryptedText() {
        return decrypted == null ? null : new String(decrypted, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status
                + " verified=" + verified + (error == null ? "" : " (" + error + ")");
    }
}
