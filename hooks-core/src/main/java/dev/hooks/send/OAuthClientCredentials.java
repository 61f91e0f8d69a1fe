package dev.hooks.send;

import dev.hooks.scheme.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OAuth 2 client credentials as Paxos sends them: the sender asks the consumer's token URL for a token, presenting
 * the client id and secret both as HTTP Basic ({@code client_secret_basic}) and in the form body at once, then calls
 * with {@code Authorization: Bearer}. The token is cached until shortly before it expires and shared by every
 * delivery of the run; only one request for a token is in flight at a time.
 */
public final class OAuthClientCredentials implements Authenticator {
    private static final Duration EARLY = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final HttpTransport transport;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Consumer<SendEvent> events;

    private String token;
    private long expiresAtNanos;

    public OAuthClientCredentials(HttpTransport transport, URI tokenUrl, String clientId, String clientSecret,
                                  String scope, Consumer<SendEvent> events) {
        this.transport = transport;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.events = events;
    }

    @Override
    public synchronized List<OutgoingRequest.Header> headers() {
        if (token == null || System.nanoTime() - expiresAtNanos >= 0) {
            fetch();
        }
        return List.of(new OutgoingRequest.Header("Authorization", "Bearer " + token));
    }

    @Override
    public synchronized void rejected() {
        token = null;
    }

    /** The token request exactly as sent, for tests, {@code --verbose} and checks of the token endpoint. */
    public OutgoingRequest tokenRequest() {
        String basic = Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder body = new StringBuilder("grant_type=client_credentials&client_id=").append(form(clientId))
                .append("&client_secret=").append(form(clientSecret));
        if (scope != null && !scope.isBlank()) {
            body.append("&scope=").append(form(scope));
        }
        return new OutgoingRequest("POST", tokenUrl, List.of(
                new OutgoingRequest.Header("Content-Type", "application/x-www-form-urlencoded"),
                new OutgoingRequest.Header("Accept", "application/json"),
                new OutgoingRequest.Header("Authorization", "Basic " + basic)),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void fetch() {
        token = null;
        Exchange x = transport.exchange(tokenRequest());
        if (!x.answered()) {
            events.accept(new SendEvent.TokenFetched(tokenUrl.toString(), 0, x.latencyMillis(), null,
                    x.failure().message()));
            throw new AuthenticationFailed(x.failure().kind(), "token endpoint " + tokenUrl + ": "
                    + x.failure().message());
        }
        String error = null;
        Duration lifetime = null;
        if (x.status() / 100 != 2) {
            error = "token endpoint answered " + x.status() + describe(x.responseText());
        } else {
            try {
                Object doc = Json.parse(x.responseText());
                Map<?, ?> m = doc instanceof Map<?, ?> map ? map : Map.of();
                Object t = m.get("access_token");
                if (!(t instanceof String s) || s.isBlank()) {
                    error = "token endpoint answered " + x.status() + " without an access_token";
                } else {
                    token = s;
                    Object exp = m.get("expires_in");
                    lifetime = exp instanceof Number n ? Duration.ofSeconds(n.longValue())
                            : exp instanceof String es && es.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(es)) : null;
                }
            } catch (IllegalArgumentException e) {
                error = "token endpoint answered " + x.status() + " with a body that is not JSON";
            }
        }
        events.accept(new SendEvent.TokenFetched(tokenUrl.toString(), x.status(), x.latencyMillis(), lifetime, error));
        if (error != null) {
            throw new AuthenticationFailed(Exchange.Kind.AUTH, error);
        }
        Duration life = lifetime != null ? lifetime : DEFAULT_LIFETIME;
        Duration usable = life.compareTo(EARLY.multipliedBy(2)) > 0 ? life.minus(EARLY) : life.dividedBy(2);
        expiresAtNanos = System.nanoTime() + usable.toNanos();
    }

    private static String describe(String body) {
        String b = body.strip();
        if (b.isEmpty()) {
            return "";
        }
        return ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
