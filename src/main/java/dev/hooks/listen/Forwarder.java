package dev.hooks.listen;

import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Relays a delivery to the user's app: the exact body bytes and every header except the hop-by-hop ones (and the
 * ones Java's HTTP client sets itself: Host, Content-Length). One client, shared by all requests.
 */
final class Forwarder {
    private static final Set<String> NOT_RELAYED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "proxy-authorization",
            "http2-settings");

    /** The app's answer, or why there is none ({@code status} 502 or 504 then). */
    record Result(int status, List<Header> headers, byte[] body, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final URI target;
    private final Duration timeout;
    private final long maxBody;
    private final HttpClient client;

    Forwarder(URI target, Duration timeout, long maxBody) {
        this.target = target;
        this.timeout = timeout;
        this.maxBody = Math.max(maxBody, 1024 * 1024);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    URI target() {
        return target;
    }

    /** The URL a request to {@code query} is relayed to: the target, with the request's query when it has none. */
    URI urlFor(String query) {
        if (query == null || query.isEmpty() || target.getRawQuery() != null) {
            return target;
        }
        return URI.create(target.toString() + "?" + query);
    }

    Result forward(String method, String query, List<Header> headers, byte[] body) {
        URI url = urlFor(query);
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header h : headers) {
            if (!NOT_RELAYED.contains(h.name().toLowerCase(Locale.ROOT))) {
                try {
                    rb.header(h.name(), h.value());
                } catch (IllegalArgumentException restricted) {
                    // A name or value Java's client refuses (restricted or malformed): it cannot be relayed.
                }
            }
        }
        try {
            HttpResponse<byte[]> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            List<Header> out = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
                if (e.getKey().startsWith(":") || NOT_RELAYED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                for (String v : e.getValue()) {
                    out.add(new Header(e.getKey(), v));
                }
            }
            byte[] b = r.body();
            if (b.length > maxBody) {
                b = java.util.Arrays.copyOf(b, (int) maxBody);
            }
            return new Result(r.statusCode(), out, b, null);
        } catch (HttpConnectTimeoutException e) {
            return failed(502, "could not connect to " + url + " within the connect timeout");
        } catch (HttpTimeoutException e) {
            return failed(504, url + " did not answer within " + dev.hooks.scheme.Durations.format(timeout));
        } catch (ConnectException e) {
            return failed(502, "could not connect to " + url + ": connection refused (is the app running?)");
        } catch (IOException e) {
            return failed(502, "forwarding to " + url + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(502, "forwarding to " + url + " was interrupted");
        }
    }

    private static Result failed(int status, String error) {
        return new Result(status, List.of(), new byte[0], error);
    }
}
