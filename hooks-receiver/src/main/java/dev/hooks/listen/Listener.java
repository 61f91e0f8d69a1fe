package dev.hooks.listen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.HooksException;
import dev.hooks.scheme.Headers;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.Profile;
import dev.hooks.store.SchemaReport;
import dev.hooks.scheme.Verification;
import dev.hooks.store.StoredDelivery.Header;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 *
 * <p>This class builds the server and runs one request through its steps; each step is its own piece:
 * {@link Routing} (which provider a path serves), {@link RequestReader} (body, headers, query within their limits),
 * {@link Handshakes}, {@link Verifier} (credentials, signature, envelope), {@link TokenRoute} ({@code /oauth/token})
 * and {@link Recorder} (record, then answer, count and emit). Requests arrive through a {@link Wire}: the
 * {@link DirectLane} for plain deliveries, the servlet path for the rest, each with its body read without a thread.
 * {@link ControlPlane} decides who reaches the inspector under {@code /_hooks}; {@link RequestDeadline} cuts requests
 * that take longer than {@code --idle-timeout} to arrive.
 */
public final class Listener implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String REDACTED = "[redacted]";
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
    public static final String TUNNEL_CONNECTOR = ControlPlane.TUNNEL;

    /** The methods the router has routes for; any other method is handled before routing. */
    private static final List<HandlerType> KNOWN_METHODS = HandlerType.values().stream().filter(HandlerType::isHttpMethod).toList();

    private final ListenerSettings s;
    private final Routing routing;
    private final Forwarder forwarder;
    private final RequestReader reader;
    private final Verifier verifier;
    private final Handshakes handshakes;
    private final TokenRoute tokenRoute;
    private final Recorder recorder;
    /** Takes every secret the listener knows out of what it records. */
    private final Redaction redaction;
    /** The gate of the inspector and its API, or null when there is none (no store, or {@code --no-inspector}). */
    private final ControlPlane controlPlane;
    /** Further connectors on 127.0.0.1 by name, each on a port of its own (the tunnel's). */
    private final Map<String, ServerConnector> extraConnectors = new LinkedHashMap<>();
    /** The port each further connector asks for (0: any free one). */
    private final Map<String, Integer> extraPorts = new LinkedHashMap<>();
    private final RequestDeadline requestDeadline;
    /** Caps connections from other machines, per address and in all, so they cannot take this machine's room. */
    private final ConnectionCap connectionCap = ConnectionCap.forThisProcess();
    private volatile boolean stopping;
    private Javalin app;
    private InspectorRoutes inspector;
    private Replayer replayer;
    private ListenPool pool;
    private int port;

    public Listener(ListenerSettings settings) {
        this.s = settings;
        this.routing = new Routing(settings);
        this.forwarder = s.forwardTo() == null ? null : new Forwarder(s.forwardTo(), s.forwardTimeout(), s.clock());
        this.redaction = Redaction.of(settings);
        TokenIssuer tokens = s.oauth() == null ? null : new TokenIssuer(s.oauth(), s.clock());
        if (tokens != null) {
            tokens.onIssue(redaction::add);
        }
        this.reader = new RequestReader(settings);
        this.verifier = new Verifier(settings, tokens);
        this.handshakes = new Handshakes(verifier);
        this.tokenRoute = tokens == null ? null : new TokenRoute(tokens, reader);
        this.recorder = new Recorder(settings, r -> pool.execute(r), redaction);
        List<String> hosts = new ArrayList<>(s.allowedHosts());
        if (!s.wildcard() && !s.loopbackOnly()) {
            hosts.add(s.host()); // the address bound, as a client on this machine names it
        }
        this.controlPlane = s.store() != null && s.inspector() ? new ControlPlane(hosts) : null;
        if (controlPlane != null) {
            redaction.add(controlPlane.token());
        }
        this.requestDeadline = new RequestDeadline(s.idleTimeout());
    }

    /**
     * Adds a connector named {@code name} on 127.0.0.1, on a port of its own; call it before {@link #start}. The
     * tunnel's connector is named {@link ControlPlane#TUNNEL}: the control plane is never served on it.
     */
    Listener connector(String name) {
        return connector(name, 0);
    }

    private Listener connector(String name, int port) {
        extraConnectors.put(name, null);
        extraPorts.put(name, port);
        return this;
    }

    /** The port of a connector added with {@link #connector}. */
    int port(String name) {
        return extraConnectors.get(name).getLocalPort();
    }

    /**
     * Adds a second connector, on 127.0.0.1 and a port of its own ({@link #tunnelPort}), for tunnels to deliver to:
     * requests arriving on it are served the receiving plane only. Call it before {@link #start}.
     */
    public Listener withTunnelEntry() {
        return connector(TUNNEL_CONNECTOR);
    }

    /**
     * {@link #withTunnelEntry()} on a fixed port (0: any free one), so that a tunnel the user runs can stay pointed at
     * it across restarts. {@link #start} fails with exit 2 when the port is taken.
     */
    public Listener withTunnelEntry(int port) {
        return connector(TUNNEL_CONNECTOR, port);
    }

    /** The tunnel entry's port on 127.0.0.1, or 0 without {@link #withTunnelEntry}. */
    public int tunnelPort() {
        return extraConnectors.containsKey(TUNNEL_CONNECTOR) ? port(TUNNEL_CONNECTOR) : 0;
    }

    /**
     * Sets the public base URL (a tunnel's, or the user's {@code --public-url}), or null: deliveries that come through
     * it are checked against it where a scheme signs the URL, and the inspector shows it.
     */
    public void publicUrl(String url) {
        verifier.publicUrl(url);
        if (inspector != null) {
            inspector.publicUrl(url);
        }
    }

    /**
     * The start of the reason of a delivery left out by {@link #acceptOnly}: answered 2xx, not verified, recorded.
     */
    public static final String FILTERED = "filtered by --events";

    private volatile java.util.Set<String> acceptOnly;

    /**
     * Accepts only these event types (null: every type): a delivery of another type is answered 2xx without being
     * verified, and recorded with a reason starting {@link #FILTERED}. A type inside an encrypted body is known only
     * once the body is verified and decrypted, so such a delivery is filtered after both.
     */
    public Listener acceptOnly(java.util.Set<String> eventTypes) {
        acceptOnly = eventTypes == null ? null : java.util.Set.copyOf(eventTypes);
        return this;
    }

    /** Answers a delivery of a type left out by {@link #acceptOnly}; false when it is not left out. */
    private boolean filtered(Exchange x) {
        java.util.Set<String> only = acceptOnly;
        if (only == null || x.eventType == null || only.contains(x.eventType)) {
            return false;
        }
        x.answer(200, Exchange.JSON_TYPE, ("{\"ok\":true,\"id\":\"" + x.id + "\",\"filtered\":true}\n")
                .getBytes(StandardCharsets.UTF_8));
        x.reason = FILTERED + ": " + Exchange.abbreviate(x.eventType, 100) + " is not one of " + String.join(", ",
                new java.util.TreeSet<>(only));
        return true;
    }

    /** The public base URL, or null. */
    public String publicUrl() {
        return verifier.publicUrl();
    }

    /**
     * Calls {@code listener} with every delivery, once its answer is decided (and, with a store, committed) and
     * handed to Jetty, on the thread that answers it (the store's sync thread, the direct lane's selector or a pool
     * thread): keep it short.
     */
    public Listener onDelivery(Consumer<Delivery> listener) {
        recorder.onDelivery(listener);
        return this;
    }

    /**
     * Calls {@code listener} with every delivery once its answer is decided (and, with a store, committed), before
     * the answer is handed to Jetty: a sender that waits for each answer before its next delivery is heard of in the
     * order it sent. It holds up the answer, so keep it shorter still than {@link #onDelivery}'s.
     */
    public Listener onDeliveryBeforeAnswer(Consumer<Delivery> listener) {
        recorder.onDeliveryBeforeAnswer(listener);
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws HooksException (exit 2) when the address is in use or cannot be bound
     */
    public Listener start() {
        ServerLogging.prepare();
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
                c.addEventListener(requestDeadline);
                c.addEventListener(connectionCap);
                c.setAcceptQueueSize(1024);
                c.setName(ControlPlane.CONNECTOR);
                return c;
            });
            for (String name : extraConnectors.keySet()) {
                config.jetty.addConnector((server, hc) -> {
                    ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(hc));
                    c.setHost("127.0.0.1");
                    c.setPort(extraPorts.get(name));
                    c.setIdleTimeout(s.idleTimeout().toMillis());
                    c.addEventListener(requestDeadline);
                    c.setName(name);
                    extraConnectors.put(name, c);
                    return c;
                });
            }
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new ParserErrors(recorder));
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
                }, controlPlane, pool, s.maxBody()));
            });
            if (controlPlane != null) {
                // Before the catch-all: Javalin answers with the first route that matches.
                inspector = InspectorRoutes.register(config, s.store(), replayer(), new dev.hooks.scheme.ProviderCatalog(
                        List.of())::find, InspectorRoutes.KEEP_ALIVE);
                inspector.publicUrl(verifier.publicUrl());
            }
            for (HandlerType t : KNOWN_METHODS) {
                config.routes.addHttpHandler(t, "/", this::handle);
                config.routes.addHttpHandler(t, "/<rest>", this::handle);
            }
            // A method no route names (FOO) would get the router's 404 and go unrecorded: answer and record it here.
            config.routes.before(ctx -> {
                if (!KNOWN_METHODS.contains(ctx.method())) {
                    handle(ctx, false);
                    ctx.skipRemainingHandlers();
                }
            });
        });
        try {
            ServerLogging.quietly(app::start);
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
                int entry = extraPorts.getOrDefault(TUNNEL_CONNECTOR, 0);
                throw HooksException.input("cannot listen on " + s.host() + ":" + s.port()
                        + (entry > 0 ? " and 127.0.0.1:" + entry + " (the tunnel entry)" : "") + ": " + c.getMessage()
                        + " (is another listener running? pass --port" + (entry > 0 ? " or --public-port" : "") + ")");
            }
            throw new HooksException(HooksException.INTERNAL, "cannot start the listener: " + e.getMessage(), e);
        }
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && ControlPlane.CONNECTOR.equals(sc.getName())) {
                port = sc.getLocalPort();
            }
        }
        if (controlPlane != null) {
            controlPlane.port(port);
        }
        requestDeadline.start(app.jettyServer().server().getScheduler());
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

    /** {@code http://HOST:PORT}. */
    public String baseUrl() {
        String h = s.host().contains(":") ? "[" + s.host() + "]" : s.host();
        return "http://" + h + ":" + port;
    }

    /**
     * {@code http://HOST:PORT} as this machine reaches the listener itself: 127.0.0.1 for a wildcard bind (every
     * interface includes loopback), the bound address otherwise.
     */
    public String selfUrl() {
        return s.wildcard() ? "http://127.0.0.1:" + port : baseUrl();
    }


    /** Each path served and what it serves: a provider name, or {@code auto(a, b, ...)}. */
    public Map<String, String> routes() {
        Map<String, String> out = routing.describe();
        if (tokenRoute != null) {
            out.put("/oauth/token", "OAuth 2 token endpoint (client credentials)");
        }
        return out;
    }

    public ListenerSettings settings() {
        return s;
    }

    public Summary summary() {
        return recorder.summary();
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
        while (recorder.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        requestDeadline.stop();
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
                    keys::get, s.clock(), Duration.ofSeconds(30), redaction);
        }
        return replayer;
    }

    /** {@code http://HOST:PORT/_hooks/}, or null when there is no history to show. */
    public String inspectorUrl() {
        if (inspector == null) {
            return null;
        }
        // Every interface includes loopback, where the control plane answers; a single address is reached as itself.
        return selfUrl() + InspectorRoutes.BASE + "/?" + ControlPlane.TOKEN_PARAM + "=" + controlPlane.token();
    }

    /** Whether clients on other machines can reach the webhook paths (a host other than loopback). */
    public boolean exposed() {
        return !s.loopbackOnly();
    }

    private void handle(Context ctx) {
        handle(ctx, true);
    }

    /** Handles one request; {@code async} false waits for the store and the simulated delay on this thread. */
    private void handle(Context ctx, boolean async) {
        if (InspectorRoutes.owns(ctx.path())) {
            ctx.status(404).contentType(Exchange.TEXT).result("no such inspector page\n");
            return;
        }
        recorder.inFlight.incrementAndGet();
        handle(new ServletWire(ctx), async);
    }

    /**
     * Whether a request takes the {@link DirectLane}: a POST to a webhook path with its length declared and within
     * {@code --max-body}, when nothing would hold its thread (forwarding waits for the app). Counts it as under way.
     */
    private boolean direct(String method, String path, long length) {
        if (forwarder == null && length <= s.maxBody() && method.equals("POST") && routing.find(path) != null) {
            recorder.inFlight.incrementAndGet();
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
            x.headers = RequestReader.headers(w.fields());
            x.lookup = new Headers();
            for (Header h : x.headers) {
                x.lookup.add(h.name(), h.value());
            }
            try {
                process(w, x);
            } catch (RuntimeException | Error e) {
                x.answer(500, "internal error in hooks: " + e + " (please report it)");
            }
            answeredLater = recorder.finish(w, x, async);
        } finally {
            if (!answeredLater) {
                recorder.inFlight.decrementAndGet();
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
        Routing.Route route = routing.find(x.path);
        Map<String, String> query = RequestReader.parseQuery(x.query);
        if (tokenRoute != null && x.path.equals("/oauth/token")) {
            tokenRoute.answer(w, x);
            return;
        }
        if (route == null) {
            reader.drainSmallBody(w, x);
            x.answer(404, "no webhook endpoint at " + Exchange.abbreviate(x.path, 200) + " (served: "
                    + routing.served() + ")");
            return;
        }
        x.endpoint = route.endpoint();
        if (x.method.equals("GET") && handshakes.getHandshake(x, route, query)) {
            return;
        }
        if (!x.method.equals("POST")) {
            x.closeConnection = w.contentLength() > 0 || w.header("Transfer-Encoding") != null;
            x.responseHeaders.add(new Header("Allow", Routing.allowed(route)));
            x.answer(405, "method " + Exchange.abbreviate(x.method, 20) + " not allowed: webhooks are delivered by POST");
            return;
        }
        if (!reader.readBody(w, x)) {
            return;
        }
        Endpoint e = route.endpoint();
        if (e == null) {
            e = Routing.detect(route.detect(), x.lookup);
            if (e == null) {
                x.answer(400, "cannot tell the provider from the headers (expected one of: "
                        + Routing.detectHeaders(route.detect()) + "); post to /PROVIDER instead");
                return;
            }
        }
        x.endpoint = e;
        if (handshakes.postHandshake(w, x, e)) {
            return;
        }
        delivery(w, x, e);
    }

    private void delivery(Wire w, Exchange x, Endpoint e) {
        Profile p = e.profile();
        if (acceptOnly != null && !(p.encrypts() && x.header(p.encryption().ivHeader()) != null)) {
            verifier.parseEnvelope(x, e, x.body, true);
            if (filtered(x)) {
                return;
            }
        }
        String rejectReason = null;
        int rejectStatus = 0;
        // Credentials first (API key, issued token): they say who is calling.
        if (!e.auth().none()) {
            String why = verifier.credentials(x, e.auth());
            if (why != null) {
                rejectReason = why;
                rejectStatus = 401;
            }
        }
        // Signature, over the raw bytes as received.
        if (e.signs()) {
            Verification v = verifier.verify(w, x, e);
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
                verifier.parseEnvelope(x, e, x.body, true);
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
                x.note("encrypted body: pass --encryption-key to decrypt it");
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
        if (!opaque && !verifier.parseEnvelope(x, e, content, false)) {
            return;
        }
        if (filtered(x)) {
            return;
        }
        SchemaResult schema = rejectReason == null ? verifier.checkSchema(x, e) : null;
        if (schema != null && schema.invalid() && e.schemaStrict()) {
            x.answer(400, Exchange.JSON_TYPE, SchemaReport.answer(schema));
            x.reason = "breaks the " + x.eventType + " schema: " + schema.errors().get(0);
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
            x.answer(outcome.status(), Exchange.JSON_TYPE, ("{\"ok\":true,\"id\":\"" + x.id + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
    }


    private void forward(Exchange x) {
        recorder.forwarded();
        Forwarder.Result r = forwarder.forward(x.method, x.query, x.headers, x.body);
        x.forwardedTo = forwarder.urlFor(x.query).toString();
        if (!r.ok()) {
            x.forwardError = r.error();
            x.answer(r.status(), r.error());
            return;
        }
        x.forwardStatus = r.status();
        if (r.note() != null) {
            x.note(r.note());
        }
        String type = null;
        for (Header h : r.headers()) {
            if (h.name().equalsIgnoreCase("Content-Type")) {
                type = h.value();
            }
        }
        x.answer(r.status(), type, r.body());
    }

}
