package dev.hooks.listen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.HooksException;
import dev.hooks.crypto.ConstantTime;
import dev.hooks.crypto.Encoding;
import dev.hooks.crypto.Hmac;
import dev.hooks.scheme.Headers;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.Verification;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.BindException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The receiver engine: an HTTP server (Javalin on Jetty) that answers provider handshakes, verifies signatures
 * over the raw bytes, decrypts, checks API keys and OAuth tokens, simulates failures, forwards to the user's app,
 * records every request in the history before answering it, and emits one {@link Delivery} per request to its
 * listeners. It never prints.
 *
 * <p>Every provider is served at {@code /NAME}; the main path serves the only provider, or recognises the provider
 * from its headers when there are several or {@code --provider auto}. Handshakes that need no profile (Meta's
 * {@code hub.challenge}, Dropbox's {@code challenge}) are answered on every path.
 *
 * <p>Nothing a client sends can make a request fail without an answer: every outcome, including an exception of
 * ours, is answered with a status and a one-line reason, recorded, and emitted.
 */
public final class Listener implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String REDACTED = "[redacted]";
    private static final byte[] NO_BYTES = new byte[0];
    /** As Jetty's servlet layer writes it, so that both lanes send the same header. */
    private static final String TEXT = "text/plain;charset=utf-8";
    private static final String JSON_TYPE = "application/json";
    /** Jetty's own hard limit on request headers; above {@code maxHeaderBytes} and below this we answer 431. */
    private static final int JETTY_HEADER_LIMIT = 64 * 1024;
    /**
     * Jetty selectors: one per core, up to four. Plain deliveries are read and handled on them (see DirectLane). With
     * the store on, most are read by the pool a round at a time and the count matters little; with {@code --no-store}
     * every delivery is handled on a selector, and two on two cores did 1.4x the deliveries of one, at a lower p99.
     */
    private static final int SELECTORS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /**
     * The name of the connector every tunnel delivers to (see {@link #withTunnelEntry}): only the receiving plane is
     * served on it.
     */
    public static final String TUNNEL_CONNECTOR = "tunnel";

    /** What a path leads to: one provider, or recognition among several. */
    private record Route(Endpoint endpoint, List<Endpoint> detect) {}

    /** The methods the router has routes for; any other method is handled before routing. */
    private static final List<HandlerType> KNOWN_METHODS = HandlerType.values().stream().filter(HandlerType::isHttpMethod).toList();

    private final ListenerSettings s;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Forwarder forwarder;
    private final TokenIssuer tokens;
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private volatile boolean stopping;
    private Javalin app;
    private InspectorRoutes inspector;
    private Replayer replayer;
    private ListenPool pool;
    private int port;
    private boolean tunnelEntry;
    private int tunnelPort;
    private volatile String publicUrl;

    public Listener(ListenerSettings settings) {
        this.s = settings;
        for (Endpoint e : s.endpoints()) {
            routes.put("/" + e.name(), new Route(e, List.of()));
        }
        for (Endpoint e : s.detect()) {
            routes.putIfAbsent("/" + e.name(), new Route(e, List.of()));
        }
        Route main;
        if (s.detect().isEmpty() && s.endpoints().size() == 1) {
            main = new Route(s.endpoints().get(0), List.of());
        } else {
            main = new Route(null, s.detect().isEmpty() ? s.endpoints() : s.detect());
        }
        routes.put(s.path(), main);
        this.forwarder = s.forwardTo() == null ? null : new Forwarder(s.forwardTo(), s.forwardTimeout(), s.maxBody());
        this.tokens = s.oauth() == null ? null : new TokenIssuer(s.oauth(), s.clock());
    }

    /**
     * Calls {@code listener} with every delivery, once its answer is decided (and, with a store, committed) and
     * handed to Jetty, on the thread that answers it (the store's sync thread, the direct lane's selector or a pool
     * thread): keep it short.
     */
    public Listener onDelivery(Consumer<Delivery> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Adds a second connector, on 127.0.0.1 and a port of its own ({@link #tunnelPort}), for tunnels to deliver to:
     * requests arriving on it are served the receiving plane only. Call it before {@link #start}.
     */
    public Listener withTunnelEntry() {
        tunnelEntry = true;
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws HooksException (exit 2) when the address is in use or cannot be bound
     */
    public Listener start() {
        // Jetty keeps the acceptor and the selectors on pool threads: leave at least a few for requests.
        int threads = Math.max(s.threads(), SELECTORS + 4);
        pool = new ListenPool(threads, Math.min(4, threads), 60_000);
        pool.setName("hooks-listen");
        pool.setDaemon(true);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.generateEtags = false;
            config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            config.http.maxRequestSize = Long.MAX_VALUE; // bodies are read and limited here, so 413s are recorded
            config.http.asyncTimeout = 0; // answers wait for the store, which bounds its own waits
            config.jetty.threadPool = pool;
            config.jetty.modifyHttpConfiguration(hc -> {
                hc.setRequestHeaderSize(JETTY_HEADER_LIMIT);
                hc.setSendServerVersion(false);
                hc.setSendXPoweredBy(false);
            });
            config.jetty.addConnector((server, hc) -> {
                ServerConnector c = new ServerConnector(server, 1, SELECTORS, new HttpConnectionFactory(hc));
                c.setHost(s.host());
                c.setPort(s.port());
                c.setIdleTimeout(s.idleTimeout().toMillis());
                c.setAcceptQueueSize(1024);
                return c;
            });
            if (tunnelEntry) {
                config.jetty.addConnector((server, hc) -> {
                    ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(hc));
                    c.setName(TUNNEL_CONNECTOR);
                    c.setHost("127.0.0.1");
                    c.setPort(0);
                    c.setIdleTimeout(s.idleTimeout().toMillis());
                    return c;
                });
            }
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new ParserErrors(this));
                // Javalin puts its servlet handler inside this one: what the lane does not take goes on to it.
                server.setHandler(new DirectLane(new DirectLane.Gate() {
                    @Override
                    public boolean direct(String method, String path, long length) {
                        return Listener.this.direct(method, path, length);
                    }

                    @Override
                    public void handle(Wire wire) {
                        Listener.this.handle(wire, true);
                    }
                }, pool));
            });
            if (s.store() != null) {
                // Before the catch-all: Javalin answers with the first route that matches.
                inspector = InspectorRoutes.register(config, s.store(), replayer(), new dev.hooks.scheme.ProviderCatalog(
                        List.of())::find, InspectorRoutes.KEEP_ALIVE);
                inspector.publicUrl(publicUrl);
            }
            for (HandlerType t : KNOWN_METHODS) {
                config.routes.addHttpHandler(t, "/", this::handle);
                config.routes.addHttpHandler(t, "/<rest>", this::handle);
            }
            // A method no route names (FOO) would get the router's 404 and go unrecorded: answer and record it here.
            config.routes.before(ctx -> {
                if (refusedThroughTunnel(ctx)) {
                    return;
                }
                if (!KNOWN_METHODS.contains(ctx.method())) {
                    handle(ctx, false);
                    ctx.skipRemainingHandlers();
                }
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            Throwable c = e;
            while (c != null && !(c instanceof BindException)) {
                c = c.getCause();
            }
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // nothing was started
            }
            if (c != null) {
                throw HooksException.input("cannot listen on " + s.host() + ":" + s.port() + ": " + c.getMessage()
                        + " (is another listener running? pass --port)");
            }
            throw new HooksException(HooksException.INTERNAL, "cannot start the listener: " + e.getMessage(), e);
        }
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) {
                if (TUNNEL_CONNECTOR.equals(sc.getName())) {
                    tunnelPort = sc.getLocalPort();
                } else {
                    port = sc.getLocalPort();
                }
            }
        }
        if (s.store() != null) {
            // The store answers deliveries from its sync thread; the pool then reads their connections a round at a time.
            s.store().completeRoundsWithin(pool::holding);
        }
        return this;
    }

    /** The port bound (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** The tunnel entry's port on 127.0.0.1, or 0 without {@link #withTunnelEntry}. */
    public int tunnelPort() {
        return tunnelPort;
    }

    /**
     * Sets the public base URL (a tunnel's, or the user's {@code --public-url}), or null: deliveries that come through
     * it are checked against it where a scheme signs the URL, and the inspector shows it.
     */
    public void publicUrl(String url) {
        publicUrl = url;
        if (inspector != null) {
            inspector.publicUrl(url);
        }
    }

    /** The public base URL, or null. */
    public String publicUrl() {
        return publicUrl;
    }

    /**
     * The control plane is never served through a tunnel: a request for it on the tunnel entry is answered 403 here,
     * before any route. True when it was.
     */
    private static boolean refusedThroughTunnel(Context ctx) {
        if (!InspectorRoutes.owns(ctx.path())
                || !TUNNEL_CONNECTOR.equals(org.eclipse.jetty.ee10.servlet.ServletContextRequest
                        .getServletContextRequest(ctx.req()).getConnectionMetaData().getConnector().getName())) {
            return false;
        }
        ctx.status(403).contentType(TEXT).result("the control plane is not served through the tunnel\n");
        ctx.skipRemainingHandlers();
        return true;
    }

    /** {@code http://HOST:PORT}. */
    public String baseUrl() {
        String h = s.host().contains(":") ? "[" + s.host() + "]" : s.host();
        return "http://" + h + ":" + port;
    }

    /** Each path served and what it serves: a provider name, or {@code auto(a, b, ...)}. */
    public Map<String, String> routes() {
        Map<String, String> out = new LinkedHashMap<>();
        Route main = routes.get(s.path());
        out.put(s.path(), describe(main));
        if (s.detect().isEmpty()) {
            for (Map.Entry<String, Route> e : routes.entrySet()) {
                out.putIfAbsent(e.getKey(), describe(e.getValue()));
            }
        }
        if (tokens != null) {
            out.put("/oauth/token", "OAuth 2 token endpoint (client credentials)");
        }
        return out;
    }

    private static String describe(Route r) {
        if (r.endpoint() != null) {
            return r.endpoint().name();
        }
        List<String> names = new ArrayList<>();
        r.detect().forEach(e -> names.add(e.name()));
        return "auto (" + String.join(", ", names) + ")";
    }

    public ListenerSettings settings() {
        return s;
    }

    public Summary summary() {
        return new Summary(received.sum(), verified.sum(), rejected.sum(), forwarded.sum(), failed.sum(), stored.sum());
    }

    /**
     * Stops gracefully: new connections are refused at once, requests under way are finished (up to {@code grace}),
     * then the server stops. The store is left open: its owner closes it. Calling it again does nothing more.
     */
    public synchronized Summary stop(Duration grace) {
        if (inspector != null) {
            inspector.close(); // ends the live streams, so stopping does not wait for them
        }
        if (app == null) {
            return summary();
        }
        stopping = true;
        Server server = app.jettyServer().server();
        for (Connector c : server.getConnectors()) {
            if (c instanceof NetworkConnector nc) {
                nc.close(); // stop accepting; open connections keep going
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        app = null;
        if (s.store() != null) {
            s.store().completeRoundsWithin(null); // the store may outlive this listener
        }
        return summary();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    // ---- one request -------------------------------------------------------------------------------------

    /** Everything learned about one request, filled as it is handled. */
    private static final class Exchange {
        // Ids need to be unique, not secret: a thread-local generator spares every request SecureRandom's lock.
        final String id = StoredDelivery.newId(ThreadLocalRandom.current());
        /** When the request reached the listener (System.nanoTime), for its latency. */
        final long start;
        Instant receivedAt;
        String kind = StoredDelivery.DELIVERY;
        Endpoint endpoint;
        String method;
        String path;
        String query;
        List<Header> headers = List.of();
        Headers lookup;
        byte[] body = NO_BYTES;
        String eventType;
        String eventId;
        Boolean verified;
        String reason;
        String verification;
        byte[] decrypted;
        int status;
        String contentType = TEXT;
        List<Header> responseHeaders = new ArrayList<>(2);
        byte[] responseBody = NO_BYTES;
        String forwardedTo;
        Integer forwardStatus;
        String forwardError;
        boolean simulated;
        boolean closeConnection;
        /** How long to keep the answer back (a simulated delay or timeout), without holding a thread. */
        Duration hold = Duration.ZERO;
        Set<String> redactHeaders = Set.of();
        byte[] storedBody;
        byte[] storedResponse;

        Exchange(long start) {
            this.start = start;
        }

        void answer(int status, String reason) {
            this.status = status;
            if (reason != null) {
                this.reason = reason;
            }
            this.contentType = TEXT;
            this.responseBody = ((reason == null ? "ok" : reason) + "\n").getBytes(StandardCharsets.UTF_8);
        }

        void answer(int status, String contentType, byte[] body) {
            this.status = status;
            this.contentType = contentType;
            this.responseBody = body;
        }

        String header(String name) {
            return lookup.first(name);
        }
    }

    /**
     * What replays the inspector and {@code hooks listen}'s keys ask for: to the forward target by default, re-signed
     * with this listener's secrets, edited bodies encrypted with its keys, recorded in its history.
     */
    public synchronized Replayer replayer() {
        if (replayer == null) {
            Map<String, dev.hooks.scheme.SignatureScheme> schemes = new LinkedHashMap<>();
            Map<String, PayloadEncryption> keys = new LinkedHashMap<>();
            for (List<Endpoint> list : List.of(s.endpoints(), s.detect())) {
                for (Endpoint e : list) {
                    if (e.scheme() != null) {
                        schemes.putIfAbsent(e.name(), e.scheme());
                    }
                    if (e.encryption() != null) {
                        keys.putIfAbsent(e.name(), e.encryption());
                    }
                }
            }
            replayer = new HttpReplayer(s.store(), s.forwardTo() == null ? null : s.forwardTo().toString(), schemes::get,
                    keys::get, s.clock(), Duration.ofSeconds(30));
        }
        return replayer;
    }

    /** {@code http://HOST:PORT/_hooks/}, or null when there is no history to show. */
    public String inspectorUrl() {
        return inspector == null ? null : baseUrl() + InspectorRoutes.BASE + "/";
    }

    private void handle(Context ctx) {
        handle(ctx, true);
    }

    /** Handles one request; {@code async} false waits for the store and the simulated delay on this thread. */
    private void handle(Context ctx, boolean async) {
        if (InspectorRoutes.owns(ctx.path())) {
            ctx.status(404).contentType(TEXT).result("no such inspector page\n");
            return;
        }
        inFlight.incrementAndGet();
        handle(new ServletWire(ctx), async);
    }

    /**
     * Whether a request takes the {@link DirectLane}: a POST to a webhook path with its length declared and within
     * {@code --max-body}, when nothing would hold its thread (forwarding waits for the app). Counts it as under way.
     */
    private boolean direct(String method, String path, long length) {
        if (forwarder == null && length <= s.maxBody() && method.equals("POST") && routes.containsKey(path)) {
            inFlight.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Handles a request already counted as under way, from either lane. */
    private void handle(Wire w, boolean async) {
        Exchange x = new Exchange(w.arrived());
        boolean answeredLater = false;
        try {
            x.receivedAt = s.clock().instant();
            x.method = w.method();
            x.path = w.path();
            x.query = w.query();
            x.headers = headers(w.fields());
            x.lookup = new Headers();
            for (Header h : x.headers) {
                x.lookup.add(h.name(), h.value());
            }
            try {
                process(w, x);
            } catch (RuntimeException | Error e) {
                x.answer(500, "internal error in hooks: " + e + " (please report it)");
            }
            answeredLater = finish(w, x, async);
        } finally {
            if (!answeredLater) {
                inFlight.decrementAndGet();
            }
        }
    }

    private void process(Wire w, Exchange x) {
        if (stopping) {
            x.closeConnection = true;
            x.answer(503, "the listener is shutting down");
            return;
        }
        int headerBytes = 0;
        for (Header h : x.headers) {
            headerBytes += h.name().length() + h.value().length() + 4;
        }
        if (headerBytes > s.maxHeaderBytes()) {
            x.closeConnection = true;
            x.answer(431, "request headers of " + headerBytes + " bytes exceed the limit of " + s.maxHeaderBytes());
            return;
        }
        Route route = routes.get(x.path);
        Map<String, String> query = parseQuery(x.query);
        if (tokens != null && x.path.equals("/oauth/token")) {
            token(w, x);
            return;
        }
        if (route == null) {
            drainSmallBody(w, x);
            x.answer(404, "no webhook endpoint at " + abbreviate(x.path, 200) + " (served: "
                    + String.join(", ", routes.keySet()) + ")");
            return;
        }
        x.endpoint = route.endpoint();
        if (x.method.equals("GET") && getHandshake(x, route, query)) {
            return;
        }
        if (!x.method.equals("POST")) {
            x.closeConnection = w.contentLength() > 0 || w.header("Transfer-Encoding") != null;
            x.responseHeaders.add(new Header("Allow", allowed(route)));
            x.answer(405, "method " + abbreviate(x.method, 20) + " not allowed: webhooks are delivered by POST");
            return;
        }
        if (!readBody(w, x)) {
            return;
        }
        Endpoint e = route.endpoint();
        if (e == null) {
            e = detect(route.detect(), x.lookup);
            if (e == null) {
                x.answer(400, "cannot tell the provider from the headers (expected one of: "
                        + detectHeaders(route.detect()) + "); post to /PROVIDER instead");
                return;
            }
        }
        x.endpoint = e;
        if (postHandshake(w, x, e)) {
            return;
        }
        delivery(w, x, e);
    }

    private void delivery(Wire w, Exchange x, Endpoint e) {
        Profile p = e.profile();
        String rejectReason = null;
        int rejectStatus = 0;
        // Credentials first (API key, issued token): they say who is calling.
        Endpoint.Auth auth = e.auth();
        if (!auth.none()) {
            Set<String> redact = new java.util.HashSet<>();
            String why = null;
            if (auth.apiKeyHeader() != null) {
                redact.add(auth.apiKeyHeader().toLowerCase(Locale.ROOT));
                List<String> keys = x.lookup.all(auth.apiKeyHeader());
                if (keys.isEmpty()) {
                    why = "missing API key header " + auth.apiKeyHeader();
                } else if (keys.size() > 1) {
                    why = "API key header " + auth.apiKeyHeader() + " appears " + keys.size() + " times";
                } else if (!ConstantTime.equals(auth.apiKey(), keys.get(0).getBytes(StandardCharsets.UTF_8))) {
                    why = "wrong API key in " + auth.apiKeyHeader();
                }
            }
            if (why == null && auth.requiresBearer()) {
                redact.add("authorization");
                List<String> values = x.lookup.all("Authorization");
                why = values.size() > 1 ? "Authorization appears " + values.size() + " times"
                        : tokens.check(values.isEmpty() ? null : values.get(0));
                if (why != null) {
                    x.responseHeaders.add(new Header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
                }
            } else if (auth.requiresBearer()) {
                redact.add("authorization");
            }
            x.redactHeaders = redact;
            x.verified = why == null;
            if (why != null) {
                rejectReason = why;
                rejectStatus = 401;
            }
        }
        // Signature, over the raw bytes as received.
        if (e.signs()) {
            Verification v = verify(w, x, e);
            x.verified = v.isValid() && !Boolean.FALSE.equals(x.verified);
            if (!v.isValid() && rejectReason == null) {
                rejectReason = v.reason();
                rejectStatus = p.signature().status() > 0 ? p.signature().status() : 401;
            }
        }
        if (rejectReason != null) {
            x.reason = rejectReason;
            if (s.verify()) {
                x.answer(rejectStatus, rejectReason);
                parseEnvelope(x, e, x.body, true);
                return;
            }
        }
        // Decryption, after the signature (encrypt-then-sign).
        byte[] content = x.body;
        boolean opaque = false;
        if (p.encrypts()) {
            String iv = x.header(p.encryption().ivHeader());
            if (iv != null && e.encryption() == null) {
                opaque = true;
                note(x, "encrypted body: pass --encryption-key to decrypt it");
            } else if (e.encryption() != null && iv != null) {
                PayloadEncryption.Decrypted d = e.encryption().decrypt(x.body, iv);
                if (!d.ok()) {
                    x.answer(400, "cannot decrypt: " + d.error());
                    return;
                }
                x.decrypted = d.plaintext();
                content = d.plaintext();
            }
        }
        if (!opaque && !parseEnvelope(x, e, content, false)) {
            return;
        }
        Failures.Outcome outcome = s.failures().next();
        if (outcome.failed()) {
            x.simulated = true;
            x.answer(outcome.status(), outcome.reason());
            x.hold = s.failures().wait(outcome);
            return;
        }
        if (forwarder != null) {
            s.failures().pause(outcome); // before the app sees it; forwarding holds its thread anyway
            forward(x);
            return;
        }
        x.hold = s.failures().wait(outcome);
        if (outcome.reason() != null) {
            x.answer(outcome.status(), outcome.reason());
        } else {
            x.answer(outcome.status(), JSON_TYPE, ("{\"ok\":true,\"id\":\"" + x.id + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void note(Exchange x, String note) {
        x.reason = x.reason == null ? note : x.reason + "; " + note;
    }

    private Verification verify(Wire w, Exchange x, Endpoint e) {
        if (e.scheme() == null) {
            String env = "HOOKS_SECRET_" + e.name().toUpperCase(Locale.ROOT).replace('-', '_');
            return Verification.failed(e.profile().signature().algorithm(), "no secret for provider '" + e.name()
                    + "': pass --secret " + e.name() + "=VALUE or set " + env);
        }
        Duration tolerance = !s.checkTimestamp() ? null : s.tolerance() != null ? s.tolerance() : e.scheme().tolerance();
        String url = e.profile().signature().signed().contains("{url}") ? signedUrl(w) : null;
        Verification v = e.scheme().verify(x.body, x.lookup, url, s.clock().instant(), tolerance);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", v.valid());
        doc.put("algorithm", v.algorithm());
        doc.put("encoding", v.encoding());
        doc.put("received", v.received());
        if (!v.isValid() && v.expected() != null) {
            doc.put("expected", v.expected());
        }
        doc.put("timestamp", v.timestamp());
        x.verification = Json.write(doc, 0);
        return v;
    }

    /**
     * The URL a provider signed: the public URL's when the request came through a tunnel (or names the public host),
     * since that is the URL the provider was given; else the URL as the request names it.
     */
    private String signedUrl(Wire w) {
        String pub = publicUrl;
        if (pub != null) {
            String host = w.header("Host");
            if (w.connector().equals(TUNNEL_CONNECTOR) || host != null && host.equalsIgnoreCase(java.net.URI.create(pub).getRawAuthority())) {
                String q = w.query();
                return pub + w.path() + (q == null ? "" : "?" + q);
            }
        }
        return w.fullUrl();
    }

    /** Reads the event type and id; false (and a 400 answer) when a body that must be JSON is not. */
    private boolean parseEnvelope(Exchange x, Endpoint e, byte[] content, boolean quiet) {
        String type = x.header("Content-Type");
        if (type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                || type.regionMatches(true, 0, "multipart/", 0, 10))) {
            return true; // form posts (Slack interactivity and the like): nothing to parse
        }
        Profile.EnvelopeSpec env = e.profile().envelope();
        JsonNode root = null;
        if (content.length == 0) {
            if (!quiet) {
                x.answer(400, "empty body: expected a JSON " + e.name() + " delivery");
            }
            return quiet;
        }
        try {
            root = JSON.readTree(content);
        } catch (IOException | RuntimeException ex) {
            if (!quiet) {
                x.answer(400, "malformed JSON: " + firstLine(ex.getMessage()));
            }
            return quiet;
        }
        if (env != null) {
            // A provider that names the event in a header (GitHub, Shopify) means that name; the body is the fallback.
            x.eventType = env.eventTypeHeader() != null ? x.header(env.eventTypeHeader()) : null;
            if (x.eventType == null) {
                x.eventType = field(root, env.eventType());
            }
            x.eventId = field(root, env.eventId());
        }
        if (x.eventId == null && e.profile().id() != null && e.profile().id().header() != null) {
            x.eventId = x.header(e.profile().id().header());
        }
        if (x.eventId != null && x.eventId.length() > 200) {
            x.eventId = x.eventId.substring(0, 200);
        }
        if (x.eventType != null && x.eventType.length() > 200) {
            x.eventType = x.eventType.substring(0, 200);
        }
        return true;
    }

    static String field(JsonNode root, String path) {
        if (path == null || path.isEmpty() || root == null) {
            return null;
        }
        JsonNode n = root;
        int from = 0;
        while (n != null && from <= path.length()) {
            int dot = path.indexOf('.', from);
            String part = dot < 0 ? path.substring(from) : path.substring(from, dot);
            if (n.isArray() && !part.isEmpty() && part.chars().allMatch(Character::isDigit) && part.length() < 9) {
                n = n.get(Integer.parseInt(part));
            } else {
                n = n.isObject() ? n.get(part) : null;
            }
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        return n != null && (n.isTextual() || n.isNumber()) ? n.asText() : null;
    }

    private void forward(Exchange x) {
        forwarded.increment();
        Forwarder.Result r = forwarder.forward(x.method, x.query, x.headers, x.body);
        x.forwardedTo = forwarder.urlFor(x.query).toString();
        if (!r.ok()) {
            x.forwardError = r.error();
            x.answer(r.status(), r.error());
            return;
        }
        x.forwardStatus = r.status();
        String type = null;
        for (Header h : r.headers()) {
            if (h.name().equalsIgnoreCase("Content-Type")) {
                type = h.value();
            }
        }
        x.answer(r.status(), type, r.body());
    }

    // ---- handshakes ---------------------------------------------------------------------------------------

    private boolean getHandshake(Exchange x, Route route, Map<String, String> query) {
        String hub = query.get("hub.challenge");
        if (hub != null && query.containsKey("hub.mode")) {
            handshake(x, route.endpoint(), "hub.challenge", hub);
            return true;
        }
        String challenge = query.get("challenge");
        if (challenge != null) {
            x.responseHeaders.add(new Header("X-Content-Type-Options", "nosniff"));
            handshake(x, route.endpoint(), "Dropbox challenge", challenge);
            return true;
        }
        String echo = query.get("echo");
        if (echo != null && (route.endpoint() == null || "echo-get".equals(route.endpoint().profile().handshake().kind()))) {
            Endpoint e = route.endpoint();
            if (e == null) {
                for (Endpoint d : route.detect()) {
                    if ("echo-get".equals(d.profile().handshake().kind())) {
                        e = d;
                        break;
                    }
                }
            }
            handshake(x, e, "echo", echo);
            return true;
        }
        return false;
    }

    private void handshake(Exchange x, Endpoint e, String what, String value) {
        x.kind = StoredDelivery.HANDSHAKE;
        x.endpoint = e;
        x.eventType = what;
        x.answer(200, TEXT, value.getBytes(StandardCharsets.UTF_8));
    }

    private boolean postHandshake(Wire w, Exchange x, Endpoint e) {
        Profile.HandshakeSpec hs = e.profile().handshake();
        switch (hs.kind()) {
            case "challenge-post" -> {
                String marker = hs.header() == null ? null : x.header(hs.header());
                if (marker == null || (hs.headerValue() != null && !hs.headerValue().equalsIgnoreCase(marker.strip()))) {
                    return false;
                }
                x.kind = StoredDelivery.HANDSHAKE;
                x.eventType = "handshake";
                reportSignature(w, x, e);
                JsonNode root = tryParse(x.body);
                String field = hs.field() == null ? "challenge" : hs.field();
                if (root == null || !root.isObject() || !root.path(field).isTextual()) {
                    x.answer(400, "handshake body is not a JSON object with a '" + field + "' string");
                    return true;
                }
                x.answer(200, JSON_TYPE, x.body);
                return true;
            }
            case "slack-url-verification" -> {
                if (!contains(x.body, "url_verification")) {
                    return false;
                }
                JsonNode root = tryParse(x.body);
                if (root == null || !"url_verification".equals(root.path("type").asText(null))) {
                    return false;
                }
                x.kind = StoredDelivery.HANDSHAKE;
                x.eventType = "url_verification";
                reportSignature(w, x, e);
                String challenge = root.path("challenge").asText(null);
                if (challenge == null) {
                    x.answer(400, "url_verification without a challenge");
                } else {
                    x.answer(200, TEXT, challenge.getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
            case "zoom-url-validation" -> {
                if (!contains(x.body, "endpoint.url_validation")) {
                    return false;
                }
                JsonNode root = tryParse(x.body);
                if (root == null || !"endpoint.url_validation".equals(root.path("event").asText(null))) {
                    return false;
                }
                x.kind = StoredDelivery.HANDSHAKE;
                x.eventType = "endpoint.url_validation";
                reportSignature(w, x, e);
                String field = hs.field() == null ? "plainToken" : hs.field();
                String plain = root.path("payload").path(field).asText(null);
                if (plain == null) {
                    x.answer(400, "endpoint.url_validation without payload." + field);
                } else if (e.secret() == null) {
                    x.answer(500, "cannot answer endpoint.url_validation without the secret token: pass --secret "
                            + e.name() + "=VALUE or set HOOKS_SECRET_" + e.name().toUpperCase(Locale.ROOT).replace('-', '_'));
                } else {
                    String token = Encoding.hex(Hmac.compute("HmacSHA256", e.secret().getBytes(StandardCharsets.UTF_8),
                            plain.getBytes(StandardCharsets.UTF_8)));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("plainToken", plain);
                    answer.put("encryptedToken", token);
                    x.answer(200, JSON_TYPE, Json.write(answer, 0).getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** For a handshake: what the signature check would say, when the request carries one. */
    private void reportSignature(Wire w, Exchange x, Endpoint e) {
        if (e.signs() && x.header(e.profile().signature().header()) != null) {
            Verification v = verify(w, x, e);
            x.verified = v.isValid();
            x.reason = v.reason();
        }
    }

    private static JsonNode tryParse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean contains(byte[] body, String ascii) {
        byte[] n = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= body.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (body[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---- OAuth --------------------------------------------------------------------------------------------

    private void token(Wire w, Exchange x) {
        x.kind = StoredDelivery.OAUTH;
        x.redactHeaders = Set.of("authorization");
        if (!x.method.equals("POST")) {
            x.responseHeaders.add(new Header("Allow", "POST"));
            x.answer(405, "the token endpoint takes POST");
            return;
        }
        if (!readBody(w, x)) {
            return;
        }
        TokenIssuer.Answer a = tokens.issue(x.header("Authorization"), x.header("Content-Type"), x.body);
        x.verified = a.status() == 200;
        x.reason = a.reason();
        x.eventType = "client_credentials";
        if (a.basicChallenge()) {
            x.responseHeaders.add(new Header("WWW-Authenticate", "Basic realm=\"hooks\""));
        }
        x.responseHeaders.add(new Header("Cache-Control", "no-store"));
        byte[] answer = a.body().getBytes(StandardCharsets.UTF_8);
        x.answer(a.status(), JSON_TYPE, answer);
        x.storedBody = redactForm(x.body);
        x.storedResponse = a.status() == 200
                ? a.body().replaceFirst("\"access_token\":\"[^\"]*\"", "\"access_token\":\"" + REDACTED + "\"")
                        .getBytes(StandardCharsets.UTF_8)
                : answer;
    }

    private static byte[] redactForm(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("client_secret")) {
            return body;
        }
        return text.replaceAll("(^|&)client_secret=[^&]*", "$1client_secret=" + REDACTED).getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** Reads the body within the limits; false (with the answer set) when it is too large, cut short or stalled. */
    private boolean readBody(Wire w, Exchange x) {
        long declared = w.contentLength();
        if (declared > s.maxBody()) {
            x.closeConnection = true;
            x.answer(413, "body of " + declared + " bytes exceeds --max-body " + s.maxBody());
            return false;
        }
        Wire.Body b = w.readBody(s.maxBody());
        x.body = b.bytes();
        if (b.tooLarge()) {
            x.closeConnection = true;
            x.answer(413, "body exceeds --max-body " + s.maxBody() + " (kept the first " + s.maxBody() + " bytes)");
            return false;
        }
        String got = "got " + x.body.length + (declared >= 0 ? " of " + declared : "") + " bytes";
        if (b.failure() != null) {
            x.closeConnection = true;
            if (isTimeout(b.failure())) {
                x.answer(408, "body not received within " + dev.hooks.scheme.Durations.format(s.idleTimeout())
                        + " (" + got + ")");
            } else {
                x.answer(400, "body cut short: " + got + " (" + firstLine(String.valueOf(b.failure().getMessage())) + ")");
            }
            return false;
        }
        if (declared >= 0 && x.body.length < declared) {
            x.closeConnection = true;
            x.answer(400, "body cut short: " + got);
            return false;
        }
        return true;
    }

    /** Consumes a small body of a request we refuse anyway, so that the connection can be reused. */
    private void drainSmallBody(Wire w, Exchange x) {
        long declared = w.contentLength();
        if (declared > 0 && declared <= 64 * 1024) {
            Wire.Body b = w.readBody(declared);
            x.body = b.bytes();
            if (b.failure() != null || x.body.length < declared) {
                x.closeConnection = true;
            }
        } else if (declared != 0) {
            x.closeConnection = true;
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request's headers as the servlet API lists them (by name in order of first appearance, each name with all
     * its values), read straight from Jetty's fields: when no name repeats, which is nearly always, that is simply
     * the order received.
     */
    private static List<Header> headers(HttpFields fields) {
        List<Header> out = new ArrayList<>(fields.size());
        for (HttpField f : fields) {
            String name = f.getName();
            for (Header h : out) {
                if (h.name().length() == name.length() && h.name().equalsIgnoreCase(name)) {
                    return grouped(fields);
                }
            }
            out.add(new Header(name, f.getValue()));
        }
        return out;
    }

    /** Each name (as first seen) followed by all its values, names in order of first appearance. */
    private static List<Header> grouped(HttpFields fields) {
        Map<String, List<Header>> byName = new LinkedHashMap<>();
        for (HttpField f : fields) {
            List<Header> same = byName.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            same.add(new Header(same.isEmpty() ? f.getName() : same.get(0).name(), f.getValue()));
        }
        List<Header> out = new ArrayList<>(fields.size());
        byName.values().forEach(out::addAll);
        return out;
    }

    static Map<String, String> parseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = TokenIssuer.decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : TokenIssuer.decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    // ---- recognising the provider -------------------------------------------------------------------------

    /** The provider whose identifying headers the request carries, or null. */
    static Endpoint detect(List<Endpoint> candidates, Headers headers) {
        Endpoint best = null;
        int bestScore = 0;
        Endpoint silent = null;
        int silentCount = 0;
        for (Endpoint e : candidates) {
            List<String> detect = e.profile().detect();
            if (detect == null || detect.isEmpty()) {
                silent = e;
                silentCount++;
                continue;
            }
            int score = 0;
            for (String h : detect) {
                if (headers.has(h)) {
                    score += 10;
                }
            }
            if (score == 0) {
                continue;
            }
            Profile.SignatureSpec sig = e.profile().signature();
            if (!sig.none() && sig.value() != null) {
                String value = headers.first(sig.header());
                String prefix = sig.value().substring(0, Math.max(0, sig.value().indexOf('{')));
                if (value != null) {
                    if (!prefix.isEmpty() && value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                        score += 2;
                    } else if (prefix.isEmpty() && !value.contains("=")) {
                        score += 1;
                    }
                }
            }
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        if (best == null && silentCount == 1) {
            return silent;
        }
        return best;
    }

    private static String detectHeaders(List<Endpoint> candidates) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : candidates) {
            if (e.profile().detect() != null && !e.profile().detect().isEmpty()) {
                out.add(e.profile().detect().get(0) + " (" + e.name() + ")");
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String allowed(Route route) {
        return "POST";
    }

    // ---- answering ----------------------------------------------------------------------------------------

    /**
     * Records the request, then answers it; false when it is answered already, true when the answer comes later
     * (from the store's sync thread or a pool thread), which then ends the request's in-flight count. Neither a
     * simulated delay or timeout nor the wait for the store's commit holds a thread: the request goes async until
     * they are over. With {@code async} false (outside a route, where the request cannot go async) this thread
     * waits instead.
     */
    private boolean finish(Wire w, Exchange x, boolean async) {
        CompletableFuture<Void> done = x.hold.isZero()
                ? settle(w, x)
                : s.failures().after(x.hold).thenComposeAsync(v -> settle(w, x), pool);
        if (done.isDone() || !async) {
            done.join();
            return false;
        }
        w.answerLater(done.whenComplete((v, e) -> inFlight.decrementAndGet()));
        return true;
    }

    /** Records and answers: at once without a store, else once the store has committed (or refused) the record. */
    private CompletableFuture<Void> settle(Wire w, Exchange x) {
        if (s.store() != null) {
            StoredDelivery record = record(x);
            CompletableFuture<StoredDelivery> saved = s.store().append(record);
            if (saved.isDone()) { // refused at once (store closed or overloaded)
                answerStored(w, x, record, saved);
                return CompletableFuture.completedFuture(null);
            }
            // Answered on the thread that completes the future: the store's sync thread, which has nothing else to do
            // until the writer's next commit (the writer goes on meanwhile). Handing each answer to the pool instead
            // woke a thread per delivery, a sixth of the listener's CPU at load.
            return saved.handle((r, e) -> {
                answerStored(w, x, record, saved);
                return null;
            });
        }
        StoredDelivery record = record(x);
        if (x.eventId != null && x.kind.equals(StoredDelivery.DELIVERY)) {
            String key = (x.endpoint == null ? "" : x.endpoint.name()) + "\u0000" + x.eventId;
            if (seenEvents.size() > 1_000_000) {
                seenEvents.clear();
            }
            if (!seenEvents.add(key)) {
                record = record.toBuilder().duplicate(true).build();
            }
        }
        answer(w, x, record, false, null);
        return CompletableFuture.completedFuture(null);
    }

    /** Answers once the store has finished with the record: 2xx only when it is committed. */
    private void answerStored(Wire w, Exchange x, StoredDelivery record, CompletableFuture<StoredDelivery> saved) {
        try {
            record = saved.join();
            stored.increment();
            answer(w, x, record, true, null);
        } catch (CompletionException | HooksException e) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String storeError = c.getMessage();
            if (x.status < 300) {
                // The answer promises the delivery is kept: without the record it must not be a 2xx.
                x.answer(503, "cannot record the delivery: " + storeError);
                record = record(x);
            }
            answer(w, x, record, false, storeError);
        }
    }

    private void answer(Wire w, Exchange x, StoredDelivery record, boolean durable, String storeError) {
        w.respond(x.status, x.responseHeaders, x.closeConnection, x.contentType, x.responseBody);
        long micros = (System.nanoTime() - x.start) / 1000;
        received.increment();
        if (Boolean.TRUE.equals(record.verified())) {
            verified.increment();
        }
        if (x.simulated) {
            failed.increment();
        } else if (x.status >= 400 && x.forwardedTo == null) {
            rejected.increment();
        }
        Delivery d = new Delivery(record, micros, durable, storeError, x.simulated);
        for (Consumer<Delivery> l : listeners) {
            try {
                l.accept(d);
            } catch (RuntimeException ignored) {
                // a broken renderer must not fail the request
            }
        }
    }

    private StoredDelivery record(Exchange x) {
        List<Header> headers = x.headers;
        if (!x.redactHeaders.isEmpty()) {
            headers = new ArrayList<>(x.headers.size());
            for (Header h : x.headers) {
                headers.add(x.redactHeaders.contains(h.name().toLowerCase(Locale.ROOT)) ? new Header(h.name(), REDACTED) : h);
            }
        }
        List<Header> response = new ArrayList<>(x.responseHeaders.size() + 1);
        if (x.contentType != null) {
            response.add(new Header("Content-Type", x.contentType));
        }
        response.addAll(x.responseHeaders);
        return StoredDelivery.builder()
                .id(x.id)
                .receivedAt(x.receivedAt)
                .kind(x.kind)
                .provider(x.endpoint == null ? null : x.endpoint.name())
                .method(x.method)
                .path(x.path)
                .query(x.query)
                .headers(headers)
                .body(x.storedBody != null ? x.storedBody : x.body)
                .eventType(x.eventType)
                .eventId(x.eventId)
                .verified(x.verified)
                .reason(x.reason)
                .verification(x.verification)
                .decrypted(x.decrypted)
                .status(x.status)
                .responseHeaders(response)
                .responseBody(x.storedResponse != null ? x.storedResponse : x.responseBody)
                .forwardedTo(x.forwardedTo)
                .forwardStatus(x.forwardStatus)
                .forwardError(x.forwardError)
                .latencyMicros((System.nanoTime() - x.start) / 1000)
                .build();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return abbreviate(line, 200);
    }

    // ---- requests the HTTP parser refuses -----------------------------------------------------------------

    /** Records requests Jetty refuses before they reach {@link #handle} (malformed request line, huge headers). */
    void parserError(String method, String path, String query, List<Header> headers, int status, String why) {
        Exchange x = new Exchange(System.nanoTime());
        x.receivedAt = s.clock().instant();
        x.method = method == null || method.isEmpty() ? "?" : abbreviate(method, 20);
        x.path = path == null || path.isEmpty() ? "?" : abbreviate(path, 500);
        x.query = query;
        x.headers = headers;
        x.lookup = new Headers();
        x.answer(status, why);
        StoredDelivery record = record(x);
        boolean durable = false;
        String storeError = null;
        if (s.store() != null) {
            try {
                record = s.store().append(record).join();
                durable = true;
                stored.increment();
            } catch (CompletionException | HooksException e) {
                storeError = e.getMessage();
            }
        }
        received.increment();
        rejected.increment();
        Delivery d = new Delivery(record, (System.nanoTime() - x.start) / 1000, durable, storeError, false);
        for (Consumer<Delivery> l : listeners) {
            try {
                l.accept(d);
            } catch (RuntimeException ignored) {
                // see finish
            }
        }
    }

    static List<Header> headersOf(org.eclipse.jetty.http.HttpFields fields) {
        if (fields == null) {
            return List.of();
        }
        List<Header> out = new ArrayList<>();
        for (HttpField f : fields) {
            if (f.getName() != null) {
                out.add(new Header(f.getName(), f.getValue() == null ? "" : abbreviate(f.getValue(), 1024)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    static String decodeQuery(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
