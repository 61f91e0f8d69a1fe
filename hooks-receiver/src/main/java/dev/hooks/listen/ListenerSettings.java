package dev.hooks.listen;

import dev.hooks.store.DeliveryStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Listener} needs, decided before it starts.
 *
 * @param host interface to bind; 127.0.0.1 unless the user asks otherwise
 * @param port TCP port, 0 for any free one
 * @param path the main path (default {@code /webhook}); every provider is also served at {@code /NAME}
 * @param endpoints the providers served by name
 * @param detect when not empty, the main path recognises the provider among these from its headers
 *               ({@code --provider auto}, or several providers)
 * @param verify false for {@code --no-verify}: everything is accepted, verification is still reported
 * @param tolerance how far a signed timestamp may be from now; null means the profile's own
 * @param checkTimestamp false for {@code --no-tolerance}
 * @param maxBody the largest body accepted, in bytes (413 above)
 * @param maxHeaderBytes the largest total size of request headers accepted (431 above)
 * @param idleTimeout how long a connection may stay silent, mid-request included (408 for a stalled body)
 * @param failures the simulated failures and answer status
 * @param forwardTo where to relay accepted deliveries, or null
 * @param forwardTimeout how long to wait for the app
 * @param oauth the client the listener issues tokens to on {@code POST /oauth/token}, or null
 * @param store where every request is recorded before it is answered, or null for {@code --no-store}
 * @param threads the most request threads; 0 picks {@link #DEFAULT_THREADS}, or {@link #BLOCKING_THREADS} when
 *                requests hold their thread for long (forwarding, a simulated delay)
 * @param allowedHosts names besides 127.0.0.1, localhost and [::1] that the control plane accepts in the Host header
 * @param inspector false for {@code --no-inspector}: no control plane is served (the inspector needs a store too)
 * @param terms how recorded reasons name the receiver's settings; null for the command line's flags
 */
public record ListenerSettings(
        String host,
        int port,
        String path,
        List<Endpoint> endpoints,
        List<Endpoint> detect,
        boolean verify,
        Duration tolerance,
        boolean checkTimestamp,
        long maxBody,
        int maxHeaderBytes,
        Duration idleTimeout,
        Failures failures,
        URI forwardTo,
        Duration forwardTimeout,
        OAuthClient oauth,
        DeliveryStore store,
        Clock clock,
        int threads,
        List<String> allowedHosts,
        boolean inspector,
        Terms terms) {

    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /**
     * Request threads on a machine of a few cores: answers that wait for the store's commit give their thread back,
     * so a few threads serve many connections, and fewer threads than this only queue work behind a fsync.
     */
    public static final int DEFAULT_THREADS = 16;
    /** Request threads when a request holds its thread while it waits for the app (forwarding). */
    public static final int BLOCKING_THREADS = 64;

    public ListenerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0-65535");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with /");
        }
        endpoints = List.copyOf(endpoints);
        detect = List.copyOf(detect);
        if (endpoints.isEmpty() && detect.isEmpty()) {
            throw new IllegalArgumentException("no provider to serve");
        }
        if (maxBody < 0) {
            throw new IllegalArgumentException("maxBody " + maxBody + " is negative");
        }
        failures = failures == null ? Failures.none() : failures;
        clock = clock == null ? Clock.systemUTC() : clock;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
        forwardTimeout = forwardTimeout == null ? Duration.ofSeconds(30) : forwardTimeout;
        if (threads <= 0) {
            threads = forwardTo != null ? BLOCKING_THREADS : DEFAULT_THREADS;
        }
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        terms = terms == null ? Terms.FLAGS : terms;
    }

    /** Settings with the inspector on and only loopback names allowed in its Host header. */
    public ListenerSettings(String host, int port, String path, List<Endpoint> endpoints, List<Endpoint> detect,
            boolean verify, Duration tolerance, boolean checkTimestamp, long maxBody, int maxHeaderBytes,
            Duration idleTimeout, Failures failures, URI forwardTo, Duration forwardTimeout, OAuthClient oauth,
            DeliveryStore store, Clock clock, int threads) {
        this(host, port, path, endpoints, detect, verify, tolerance, checkTimestamp, maxBody, maxHeaderBytes,
                idleTimeout, failures, forwardTo, forwardTimeout, oauth, store, clock, threads, List.of(), true, null);
    }

    /** Settings whose recorded reasons name the command line's flags. */
    public ListenerSettings(String host, int port, String path, List<Endpoint> endpoints, List<Endpoint> detect,
            boolean verify, Duration tolerance, boolean checkTimestamp, long maxBody, int maxHeaderBytes,
            Duration idleTimeout, Failures failures, URI forwardTo, Duration forwardTimeout, OAuthClient oauth,
            DeliveryStore store, Clock clock, int threads, List<String> allowedHosts, boolean inspector) {
        this(host, port, path, endpoints, detect, verify, tolerance, checkTimestamp, maxBody, maxHeaderBytes,
                idleTimeout, failures, forwardTo, forwardTimeout, oauth, store, clock, threads, allowedHosts, inspector,
                null);
    }

    /** Whether {@link #host} is reachable only from this machine (a loopback address or name). */
    public boolean loopbackOnly() {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    /** Whether {@link #host} is every interface (0.0.0.0, ::). */
    public boolean wildcard() {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0") || h.isEmpty();
    }

    /** A client that may get tokens from the listener; the secret is never printed. */
    public static final class OAuthClient {
        private final String clientId;
        private final byte[] clientSecret;
        private final Duration tokenLifetime;

        public OAuthClient(String clientId, String clientSecret, Duration tokenLifetime) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            this.tokenLifetime = tokenLifetime == null ? Duration.ofHours(1) : tokenLifetime;
        }

        public String clientId() {
            return clientId;
        }

        byte[] clientSecret() {
            return clientSecret;
        }

        public Duration tokenLifetime() {
            return tokenLifetime;
        }

        @Override
        public String toString() {
            return "OAuthClient[" + clientId + "]";
        }
    }
}
