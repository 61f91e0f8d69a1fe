package dev.hooks.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The sender's HTTP client: HTTP/1.1 over plain or TLS sockets, written here so that a request goes out exactly as
 * built (headers in the profile's order and spelling, the body in the same write), connections are kept alive and
 * reused across deliveries without hand-offs between threads, redirects are never followed (a 3xx is an answer, as
 * providers treat it), one timeout bounds connecting and then the whole answer, and TLS is checked against the JDK's
 * trust store and the URL's host name unless {@code insecure}. Network failures come back as
 * {@link Exchange.Failure}s, never as exceptions. Safe to share between threads: each request takes a connection of
 * its own from the pool.
 */
public final class HttpTransport implements AutoCloseable {
    /** Headers the transport writes itself; a provider profile or a recorded request may not set them. */
    public static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final Duration timeout;
    private final boolean insecure;
    private final Clock clock;
    private volatile SSLSocketFactory tls;
    private final Map<String, ConcurrentLinkedDeque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param timeout how long to wait to connect, and then for the whole answer
     * @param insecure accept any certificate and host name (self-signed test servers)
     */
    public HttpTransport(Duration timeout, boolean insecure, Clock clock) {
        this.timeout = timeout;
        this.insecure = insecure;
        this.clock = clock;
    }

    /** TLS, set up at the first https connection: a plain-HTTP run never reads the trust store. */
    private SSLSocketFactory tls() {
        SSLSocketFactory f = tls;
        if (f == null) {
            synchronized (this) {
                if (tls == null) {
                    try {
                        tls = insecure ? trustEverything().getSocketFactory()
                                : SSLContext.getDefault().getSocketFactory();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot set up TLS", e);
                    }
                }
                f = tls;
            }
        }
        return f;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Sends one request and waits for its whole answer. */
    public Exchange exchange(OutgoingRequest request) {
        URI uri = request.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String key = (https ? "https://" : "http://") + host + ":" + port;
        boolean headRequest = request.method().equals("HEAD");
        Instant sentAt = clock.instant();
        byte[] head;
        try {
            head = head(request, uri, port, https);
        } catch (IllegalArgumentException e) {
            return new Exchange(request, sentAt, 0, 0, List.of(), new byte[0], classify(e));
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int round = 0; ; round++) {
            Http1Connection conn = round == 0 ? poll(key) : null;
            boolean reused = conn != null;
            try {
                if (conn == null) {
                    conn = open(host, port, https, deadline);
                }
                Http1Connection.Answer a = conn.exchange(head, request.body(), headRequest, deadline);
                long latency = System.nanoTime() - start;
                if (conn.reusable && !closed) {
                    idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).push(conn);
                } else {
                    conn.close();
                }
                return new Exchange(request, sentAt, latency, a.status(), a.headers(), a.body(), null, a.truncated());
            } catch (IOException | RuntimeException e) {
                boolean staleKeepAlive = reused && !conn.received() && !(e instanceof SocketTimeoutException);
                if (conn != null) {
                    conn.close();
                }
                if (staleKeepAlive) {
                    continue;
                }
                Exchange.Failure f = classify(e);
                if (conn != null && conn.received() && !f.reached()) {
                    // It connected and answered, with something that is not a usable answer: the receiver's failure.
                    f = new Exchange.Failure(f.kind(), f.message(), true);
                }
                return new Exchange(request, sentAt, System.nanoTime() - start, 0, List.of(), new byte[0], f);
            }
        }
    }

    /**
     * Opens up to {@code connections} connections to {@code uri}'s origin and keeps them in the pool, so that the
     * requests after it do not pay for connecting (and the TLS handshake) inside their own timing. A connection that
     * cannot be opened is not an error here: the request that needs it reports it.
     */
    public void warm(URI uri, int connections) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        if (host == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String key = (https ? "https://" : "http://") + host + ":" + port;
        ConcurrentLinkedDeque<Http1Connection> pool = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        for (int i = pool.size(); i < connections && !closed; i++) {
            try {
                pool.push(open(host, port, https, System.nanoTime() + timeout.toNanos()));
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private Http1Connection poll(String key) {
        ConcurrentLinkedDeque<Http1Connection> q = idle.get(key);
        return q == null ? null : q.poll();
    }

    private Http1Connection open(String host, int port, boolean https, long deadline) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bare), port);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, remainingMillis(deadline, true));
            if (https) {
                SSLSocket ssl = (SSLSocket) tls().createSocket(socket, bare, port, true);
                SSLParameters params = ssl.getSSLParameters();
                if (!insecure) {
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(remainingMillis(deadline, false));
                ssl.startHandshake();
                socket = ssl;
            }
            return new Http1Connection(socket);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectTimeout();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The connect phase ran out of time. */
    private static final class ConnectTimeout extends SocketTimeoutException {}

    private static int remainingMillis(long deadline, boolean connect) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw connect ? new ConnectTimeout() : new SocketTimeoutException("deadline");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The clock's time, for {@link Exchange#sentAt()}. */
    Instant now() {
        return clock.instant();
    }

    /** The failure of a request that ran out of time, connecting or waiting for the answer. */
    Exchange.Failure timedOut(boolean connecting) {
        return classify(connecting ? new ConnectTimeout() : new SocketTimeoutException("deadline"));
    }

    /** The request line and headers, as written on the wire. */
    static byte[] head(OutgoingRequest r, URI uri, int port, boolean https) {
        return encode(r, uri, port, https, false);
    }

    /** The whole request as written on the wire: the request line, the headers and the body, in one array. */
    static byte[] wire(OutgoingRequest r, URI uri, int port, boolean https) {
        return encode(r, uri, port, https, true);
    }

    private static byte[] encode(OutgoingRequest r, URI uri, int port, boolean https, boolean withBody) {
        byte[] payload = r.body();
        Bytes w = new Bytes(384 + (withBody ? payload.length : 0));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        w.text(r.method()).put((byte) ' ').text(path);
        if (uri.getRawQuery() != null) {
            w.put((byte) '?').text(uri.getRawQuery());
        }
        w.text(" HTTP/1.1\r\nHost: ").text(uri.getHost());
        if (uri.getPort() > 0 && uri.getPort() != (https ? 443 : 80)) {
            w.put((byte) ':').number(port);
        }
        w.crlf();
        for (OutgoingRequest.Header h : r.headers()) {
            if (!isClientHeader(h.name())) {
                w.header(h.name()).put((byte) ':').put((byte) ' ').header(h.value()).crlf();
            }
        }
        boolean body = payload.length > 0 || !(r.method().equals("GET") || r.method().equals("HEAD")
                || r.method().equals("DELETE") || r.method().equals("OPTIONS"));
        if (body) {
            w.text("Content-Length: ").number(payload.length).crlf();
        }
        w.crlf();
        if (withBody) {
            w.put(payload);
        }
        return w.array();
    }

    private static final String[] CLIENT_HEADER_NAMES = CLIENT_HEADERS.toArray(new String[0]);

    /** Whether the transport writes this header itself ({@link #CLIENT_HEADERS}), by case-insensitive name. */
    private static boolean isClientHeader(String name) {
        for (String c : CLIENT_HEADER_NAMES) {
            if (c.length() == name.length() && c.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** A growing array of the bytes of a request, its text in UTF-8. */
    private static final class Bytes {
        private byte[] b;
        private int n;

        Bytes(int capacity) {
            b = new byte[capacity];
        }

        private void room(int more) {
            if (n + more > b.length) {
                b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        Bytes put(byte c) {
            room(1);
            b[n++] = c;
            return this;
        }

        Bytes put(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, b, n, bytes.length);
            n += bytes.length;
            return this;
        }

        Bytes text(String s) {
            return put(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A header's name or value: its text, refused when it holds a line break (or a NUL) that would end it. */
        Bytes header(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            for (byte c : bytes) {
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("a header holds a line break: " + s.replace("\r", "\\r")
                            .replace("\n", "\\n"));
                }
            }
            return put(bytes);
        }

        Bytes number(long v) {
            return text(Long.toString(v));
        }

        Bytes crlf() {
            return put((byte) '\r').put((byte) '\n');
        }

        byte[] array() {
            return n == b.length ? b : java.util.Arrays.copyOf(b, n);
        }
    }

    /** Names a network failure the way a person debugging it needs: what kind, and the cause's own words. */
    Exchange.Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeout) {
                return new Exchange.Failure(Exchange.Kind.TIMEOUT, "could not connect within " + human(timeout));
            }
            if (t instanceof SocketTimeoutException) {
                return new Exchange.Failure(Exchange.Kind.TIMEOUT, "no answer within " + human(timeout), true);
            }
            if (t instanceof SSLException) {
                return new Exchange.Failure(Exchange.Kind.TLS, "TLS handshake failed: " + rootMessage(t)
                        + " (pass --insecure to skip certificate checks against a test server)");
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new Exchange.Failure(Exchange.Kind.CONNECT, "cannot resolve the host name");
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

    private static SSLContext trustEverything() throws GeneralSecurityException {
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
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return ctx;
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Http1Connection> q : idle.values()) {
            Http1Connection c;
            while ((c = q.poll()) != null) {
                c.close();
            }
        }
    }
}
