package dev.hooks;

import java.util.Map;

/**
 * A body encrypted as its provider does, and the headers that must go with it (the IV header, where the provider
 * sends the IV apart from the body).
 *
 * @param body the bytes to send
 * @param headers header name to value; empty when the provider puts everything in the body
 */
public record Encrypted(byte[] body, Map<String, String> headers) {
    /** Copies the headers, so the record stays as built. */
    public Encrypted {
        headers = Map.copyOf(headers);
    }
}
