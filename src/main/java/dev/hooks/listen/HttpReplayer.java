package dev.hooks.listen;

import dev.hooks.scheme.SignatureScheme;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Replayer} on the JDK's HTTP client: sends the recorded method, headers and body byte for byte (minus
 * hop-by-hop headers), over HTTP/1.1, without following redirects, and records each replay in the history.
 * Re-signing uses the provider's {@link SignatureScheme}: a fresh timestamp, the recorded delivery id, and the
 * signature headers replaced by new ones.
 */
public final class HttpReplayer implements Replayer {
    /** Headers that belong to one connection, or that the HTTP client sets itself. */
    private static final Set<String> NOT_SENT = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "http2-settings",
            "date", "via", "warning", "from");

    private final DeliveryStore store;
    private final String defaultTarget;
    private final Function<String, SignatureScheme> schemes;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param store         where replays are recorded, or null to record nothing
     * @param defaultTarget the forward target, used when a replay names no URL; may be null
     * @param schemes       the signing scheme (with its secret) for a provider name, or null when there is none
     * @param clock         the time for fresh timestamps and for the record
     * @param timeout       how long to wait for an answer
     */
    public HttpReplayer(DeliveryStore store, String defaultTarget, Function<String, SignatureScheme> schemes, Clock clock,
            Duration timeout) {
        this.store = store;
        this.defaultTarget = defaultTarget;
        this.schemes = schemes == null ? p -> null : schemes;
        this.clock = clock;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public String defaultTarget() {
        return defaultTarget;
    }

    @Override
    public boolean canResign(String provider) {
        SignatureScheme s = provider == null ? null : schemes.apply(provider);
        return s != null && s.signs();
    }

    @Override
    public ReplayResult replay(StoredDelivery original, String to, byte[] editedBody, boolean resign) {
        String target = to == null || to.isBlank() ? defaultTarget : to.strip();
        if (target == null) {
            throw new IllegalArgumentException("there is no forward target to replay to: give a URL");
        }
        URI uri = checkUrl(target);
        byte[] body = editedBody != null ? editedBody : original.body();
        List<Header> headers = new ArrayList<>(original.headers());
        if (resign) {
            headers = resigned(original, headers, body, target);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(original.method(), body.length == 0 && "GET".equals(original.method())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        List<Header> sent = new ArrayList<>();
        for (Header h : headers) {
            if (NOT_SENT.contains(h.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                req.header(h.name(), h.value());
                sent.add(h);
            } catch (IllegalArgumentException e) {
                // a name or value the client refuses to send (restricted, or not valid in HTTP/1.1): left out
            }
        }
        Instant at = clock.instant();
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        List<Header> answerHeaders = new ArrayList<>();
        byte[] answer = new byte[0];
        try {
            HttpResponse<byte[]> res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = res.statusCode();
            answer = res.body();
            for (Map.Entry<String, List<String>> e : res.headers().map().entrySet()) {
                if (!e.getKey().startsWith(":")) {
                    e.getValue().forEach(v -> answerHeaders.add(new Header(e.getKey(), v)));
                }
            }
        } catch (HttpTimeoutException e) {
            error = "no answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            error = describe(e, uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long micros = (System.nanoTime() - start) / 1000;
        String replayId = null;
        if (store != null) {
            Boolean verified = resign ? Boolean.TRUE : editedBody == null ? original.verified() : null;
            String reason = resign ? null : editedBody == null ? original.reason()
                    : "body edited without re-signing: the recorded signature no longer matches";
            StoredDelivery record = StoredDelivery.builder()
                    .receivedAt(at)
                    .kind(StoredDelivery.REPLAY)
                    .provider(original.provider())
                    .method(original.method())
                    .path(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    .query(uri.getRawQuery())
                    .headers(sent)
                    .body(body)
                    .eventType(original.eventType())
                    .eventId(original.eventId())
                    .verified(original.provider() == null && !resign ? null : verified)
                    .reason(error != null ? "replay failed: " + error : reason)
                    .status(status == null ? 0 : status)
                    .responseHeaders(answerHeaders)
                    .responseBody(answer)
                    .forwardedTo(target)
                    .forwardStatus(status)
                    .forwardError(error)
                    .latencyMicros(micros)
                    .replayOf(original.id())
                    .build();
            replayId = store.save(record).id();
        }
        return new ReplayResult(target, status, error, micros / 1000, replayId, resign);
    }

    private List<Header> resigned(StoredDelivery original, List<Header> headers, byte[] body, String target) {
        String provider = original.provider();
        SignatureScheme scheme = provider == null ? null : schemes.apply(provider);
        if (scheme == null || !scheme.signs()) {
            throw new IllegalArgumentException(provider == null
                    ? "cannot re-sign: the delivery's provider is not known"
                    : "cannot re-sign for provider '" + provider + "': the listener has no secret for it");
        }
        var profile = scheme.profile();
        String id = profile.id().header() == null ? null : original.header(profile.id().header());
        if (id == null && profile.id().header() != null) {
            id = dev.hooks.scheme.DeliveryIds.forBody(profile, body);
        }
        String timestamp = profile.timestamp().header() == null && !profile.signature().signed().contains("{timestamp}")
                && !profile.signature().value().contains("{timestamp}")
                ? null : SignatureScheme.formatTimestamp(clock.instant(), profile.timestamp().format());
        SignatureScheme.Signed signed = scheme.sign(body, id, timestamp, target);
        List<Header> out = new ArrayList<>();
        for (Header h : headers) {
            boolean replaced = signed.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(h.name()));
            if (!replaced) {
                out.add(h);
            }
        }
        signed.headers().forEach((n, v) -> out.add(new Header(n, v)));
        return out;
    }

    private static URI checkUrl(String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + target + "' is not an http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + target + "' is not a URL: " + e.getReason());
        }
    }

    private static String describe(IOException e, URI uri) {
        String msg = e.getMessage();
        if (e instanceof java.net.ConnectException || msg == null || msg.isBlank()) {
            return "could not connect to " + uri.getHost() + ":" + (uri.getPort() == -1 ? 80 : uri.getPort())
                    + (msg == null || msg.isBlank() ? "" : ": " + msg);
        }
        return msg;
    }
}
