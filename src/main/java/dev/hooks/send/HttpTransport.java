package dev.hooks.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The sender's HTTP client: HTTP/1.1 with keep-alive connections reused across deliveries, redirects never
 * followed (a 3xx is an answer, as providers treat it), one timeout for connecting and for the answer, and TLS
 * checked against the JDK's trust store unless {@code insecure}. Network failures come back as
 * {@link Exchange.Failure}s, never as exceptions. Safe to share between threads.
 */
public final class HttpTransport implements AutoCloseable {
    /** Headers the HTTP client writes itself; a provider profile or a recorded request may not set them. */
    static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param timeout how long to wait to connect, and then for the whole answer
     * @param insecure accept any certificate and host name (self-signed test servers)
     */
    public HttpTransport(Duration timeout, boolean insecure, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hooks-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(executor);
        if (insecure) {
            b.sslContext(trustEverything());
        }
        this.client = b.build();
    }

    public Duration timeout() {
        return timeout;
    }

    /** Sends one request and waits for its whole answer. */
    public Exchange exchange(OutgoingRequest request) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(request.uri()).timeout(timeout);
        for (OutgoingRequest.Header h : request.headers()) {
            if (!CLIENT_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                rb.header(h.name(), h.value());
            }
        }
        boolean hasBody = request.body().length > 0 || !request.method().equals("GET") && !request.method().equals("HEAD");
        rb.method(request.method(), hasBody ? HttpRequest.BodyPublishers.ofByteArray(request.body())
                : HttpRequest.BodyPublishers.noBody());
        HttpRequest httpRequest = rb.build();
        Instant sentAt = clock.instant();
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            long latency = System.nanoTime() - start;
            List<OutgoingRequest.Header> headers = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                if (e.getKey().startsWith(":")) {
                    continue;
                }
                for (String v : e.getValue()) {
                    headers.add(new OutgoingRequest.Header(e.getKey(), v));
                }
            }
            return new Exchange(request, sentAt, latency, response.statusCode(), headers, response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(request, sentAt, System.nanoTime() - start, 0, List.of(), new byte[0],
                    new Exchange.Failure(Exchange.Kind.IO, "interrupted"));
        } catch (IOException | RuntimeException e) {
            return new Exchange(request, sentAt, System.nanoTime() - start, 0, List.of(), new byte[0], classify(e));
        }
    }

    /** Names a network failure the way a person debugging it needs: what kind, and the cause's own words. */
    Exchange.Failure classify(Throwable e) {
        String host = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new Exchange.Failure(Exchange.Kind.TIMEOUT, "could not connect within " + human(timeout));
            }
            if (t instanceof HttpTimeoutException) {
                return new Exchange.Failure(Exchange.Kind.TIMEOUT, "no answer within " + human(timeout));
            }
            if (t instanceof SSLException) {
                return new Exchange.Failure(Exchange.Kind.TLS, "TLS handshake failed: " + rootMessage(t)
                        + " (pass --insecure to skip certificate checks against a test server)");
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new Exchange.Failure(Exchange.Kind.CONNECT, "cannot resolve the host name" + host);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                String m = rootMessage(t);
                return new Exchange.Failure(Exchange.Kind.CONNECT, m.isEmpty() ? "connection refused" : m);
            }
            if (t instanceof IllegalArgumentException) {
                return new Exchange.Failure(Exchange.Kind.IO, "cannot send this request: " + t.getMessage());
            }
        }
        String m = rootMessage(e);
        return new Exchange.Failure(Exchange.Kind.IO, m.isEmpty() ? e.getClass().getSimpleName() : m);
    }

    private static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return "";
        }
        message = message.replaceFirst("^[a-zA-Z.]+Exception: ", "");
        return message.toLowerCase(Locale.ROOT).startsWith("connection refused") ? "connection refused" : message;
    }

    private static String human(Duration d) {
        return dev.hooks.scheme.Durations.format(d);
    }

    private static SSLContext trustEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
