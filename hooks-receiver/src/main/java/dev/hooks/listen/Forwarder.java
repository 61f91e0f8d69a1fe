package dev.hooks.listen;

import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.store.StoredDelivery.Header;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Relays a delivery to the user's app over the sender's HTTP/1.1 transport: the exact body bytes and every header
 * except the hop-by-hop ones (the transport writes Host and Content-Length itself). The app's answer is bounded
 * like every answer the transport reads: {@code --forward-timeout} covers connecting and the whole answer, the
 * headers are limited in size, and of the body only the first MiB is kept; an app that streams on past that is cut
 * off there and the delivery is answered with what was kept, noted as cut.
 */
final class Forwarder {
    private static final Set<String> NOT_RELAYED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "proxy-authorization",
            "http2-settings");

    /**
     * The app's answer, or why there is none ({@code status} 502 or 504 then).
     *
     * @param note what to add to the delivery's reason, such as a cut body; null when nothing
     */
    record Result(int status, List<Header> headers, byte[] body, String error, String note) {
        boolean ok() {
            return error == null;
        }
    }

    private final URI target;
    private final Duration timeout;
    private final HttpTransport transport;

    Forwarder(URI target, Duration timeout, Clock clock) {
        this.target = target;
        this.timeout = timeout;
        this.transport = new HttpTransport(timeout, false, clock);
    }

    URI target() {
        return target;
    }

    /**
     * The URL a request to {@code query} is relayed to: the target, with the request's query when it has none. A
     * query that is not valid in a URL (a bare {@code %}, a {@code |}) is relayed with those characters escaped.
     */
    URI urlFor(String query) {
        if (query == null || query.isEmpty() || target.getRawQuery() != null) {
            return target;
        }
        String base = target.toString();
        try {
            return new URI(base + "?" + query);
        } catch (URISyntaxException e) {
            return URI.create(base + "?" + escapeQuery(query));
        }
    }

    /** Percent-encodes what a URL's query may not hold as is, keeping valid escapes. */
    static String escapeQuery(String query) {
        StringBuilder sb = new StringBuilder(query.length() + 16);
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' ? i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])
                    : b > 0x7e || b <= 0x20 || "\"<>\\^`{|}#".indexOf(b) >= 0;
            if (escape) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            } else {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    Result forward(String method, String query, List<Header> headers, byte[] body) {
        URI url = urlFor(query);
        List<OutgoingRequest.Header> relayed = new ArrayList<>(headers.size());
        for (Header h : headers) {
            if (!NOT_RELAYED.contains(h.name().toLowerCase(Locale.ROOT))) {
                relayed.add(new OutgoingRequest.Header(h.name(), h.value()));
            }
        }
        Exchange x = transport.exchange(new OutgoingRequest(method, url, relayed, body));
        if (!x.answered()) {
            Exchange.Failure f = x.failure();
            return switch (f.kind()) {
                case TIMEOUT -> failed(504, "forwarding to " + url + ": " + f.message());
                case CONNECT -> failed(502, "could not connect to " + url + ": " + f.message() + " (is the app running?)");
                default -> failed(502, "forwarding to " + url + " failed: " + f.message());
            };
        }
        List<Header> out = new ArrayList<>(x.responseHeaders().size());
        for (OutgoingRequest.Header h : x.responseHeaders()) {
            if (!NOT_RELAYED.contains(h.name().toLowerCase(Locale.ROOT))) {
                out.add(new Header(h.name(), h.value()));
            }
        }
        String note = x.truncated() ? "the app's answer went on past " + x.responseBody().length / 1024
                + " KiB: kept the first " + x.responseBody().length / 1024 + " KiB, discarded the rest" : null;
        return new Result(x.status(), out, x.responseBody(), null, note);
    }

    private static Result failed(int status, String error) {
        return new Result(status, List.of(), new byte[0], error, null);
    }
}
