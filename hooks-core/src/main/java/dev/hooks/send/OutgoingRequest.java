package dev.hooks.send;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP request exactly as the sender puts it on the wire: method, URL, headers in order, body bytes.
 *
 * @param headers the headers the provider sends, in order; the HTTP client adds only {@code Host} and
 *     {@code Content-Length}
 */
public record OutgoingRequest(String method, URI uri, List<Header> headers, byte[] body) {
    /** One header line. */
    public record Header(String name, String value) {}

    public OutgoingRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header by case-insensitive name, or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
