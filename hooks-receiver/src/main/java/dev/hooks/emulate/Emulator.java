package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.crypto.ConstantTime;
import dev.hooks.listen.ControlPlane;
import dev.hooks.listen.ListenerSettings;
import dev.hooks.listen.TokenIssuer;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Profile;
import dev.hooks.send.HttpTransport;
import dev.hooks.store.EmulatorStore;
import dev.hooks.store.StoreSettings;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code hooks emulate}: serves the webhook management APIs of one or more providers on loopback, each at the root
 * when it is the only one, else under {@code /<provider>}. Which routes a provider has comes from its profile's
 * {@code emulate} section; the documents' shapes from its {@link ApiShape}. Beside them: {@code /openapi.json},
 * {@code POST /_emulator/emit} (make an event and fan it out) and {@code /_emulator/clock} (move the emulator's
 * clock, for the delivery log's retention). The provider APIs ask for the API key: as a bearer token, or in the
 * provider's own header (both, where the provider asks for both); the {@code /_emulator} routes need no key but
 * answer only programs on this machine, never a web page ({@link #local}). Deliveries go out on a fixed pool of
 * {@value #DELIVERY_THREADS} threads; retries wait on a timer, holding no thread.
 */
public final class Emulator implements AutoCloseable {
    /** One provider served, and where. */
    public record Mount(String provider, String prefix, Profile.EmulateSpec spec) {}

    /**
     * @param profiles the providers to emulate, each with an {@code emulate} section
     * @param clockOffset where the emulator's clock starts, relative to the system's
     * @param store the history that keeps the emulator's state: an SQLite file's path or a PostgreSQL URL
     * @param storeSettings how to log in to a PostgreSQL history
     */
    public record Settings(List<Profile> profiles, String host, int port, String apiKey, double timeScale,
                           Duration clockOffset, String store, StoreSettings storeSettings, SampleCatalog samples) {
        /** State in the SQLite file {@code store}. */
        public Settings(List<Profile> profiles, String host, int port, String apiKey, double timeScale,
                        Duration clockOffset, Path store, SampleCatalog samples) {
            this(profiles, host, port, apiKey, timeScale, clockOffset, store.toString(),
                    StoreSettings.reading(java.util.Map.of()), samples);
        }
    }

    static final String OAUTH_CLIENT_ID = "hooks-emulator";
    /** The longest an emit waits for its deliveries: a request is bounded in time like every network read. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** The largest body that creates or changes a subscription. */
    static final int MAX_SUBSCRIPTION_BODY = 64 * 1024;
    /** Deliveries in flight at once, across providers: an emit to many subscriptions queues behind these. */
    static final int DELIVERY_THREADS = 16;

    private final Settings settings;
    private final MovableClock clock;
    private final List<Mount> mounts = new ArrayList<>();
    private final List<Emulation> emulations = new ArrayList<>();
    private final List<String> routes = new ArrayList<>();
    private final EmulatorStore store;
    private final HttpTransport transport;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final TokenIssuer tokens;
    private Javalin app;
    private int port;

    private Emulator(Settings s) {
        this.settings = s;
        this.clock = new MovableClock(s.clockOffset());
        this.store = EmulatorStore.open(s.store(), s.storeSettings());
        Duration timeout = s.profiles().stream().map(p -> p.delivery().timeout()).max(Duration::compareTo)
                .orElse(Duration.ofSeconds(30));
        this.transport = new HttpTransport(timeout, false, Clock.systemUTC());
        this.pool = Executors.newFixedThreadPool(DELIVERY_THREADS, r -> {
            Thread t = new Thread(r, "hooks-emulate-delivery");
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hooks-emulate-retries");
            t.setDaemon(true);
            return t;
        });
        this.tokens = new TokenIssuer(new ListenerSettings.OAuthClient(OAUTH_CLIENT_ID, s.apiKey(),
                Duration.ofHours(1)), Clock.systemUTC());
        for (Profile p : s.profiles()) {
            mounts.add(new Mount(p.name(), s.profiles().size() == 1 ? "" : "/" + p.name(), p.emulate()));
            emulations.add(new Emulation(p, store, s.samples(), transport, s.timeScale(), clock, pool, timer));
        }
    }

    /** Starts serving; throws {@link HooksException} (exit 2) when the port is taken. */
    public static Emulator start(Settings s) {
        Emulator e = new Emulator(s);
        try {
            e.serve();
            e.emulations.forEach(Emulation::resume);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    private void serve() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = 1_048_576;
            config.jetty.modifyHttpConfiguration(hc -> {
                hc.setSendServerVersion(false);
                hc.setSendXPoweredBy(false);
            });
            config.jetty.addConnector((server, hc) -> {
                ServerConnector c = new ServerConnector(server);
                c.setHost(settings.host());
                c.setPort(settings.port());
                c.setIdleTimeout(30_000);
                return c;
            });
            routes(config);
        });
        try {
            app.start();
        } catch (RuntimeException ex) {
            Throwable c = ex;
            while (c != null && !(c instanceof BindException)) {
                c = c.getCause();
            }
            if (c != null) {
                throw HooksException.input("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                        + c.getMessage() + " (is another emulator running? pass --port)");
            }
            throw new HooksException(HooksException.INTERNAL, "cannot start the emulator: " + ex.getMessage(), ex);
        }
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) {
                port = sc.getLocalPort();
            }
        }
    }

    private void routes(JavalinConfig config) {
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            Emulation e = emulations.get(i);
            Profile.EmulateSpec spec = m.spec();
            String base = m.prefix() + spec.base();
            String one = base + "/{id}";
            add(config, HandlerType.POST, base, e, true, ctx -> answer(ctx, 201, e.create(body(ctx, MAX_SUBSCRIPTION_BODY))));
            add(config, HandlerType.GET, base, e, true, ctx -> answer(ctx, 200, e.list()));
            add(config, HandlerType.GET, one, e, true, ctx -> answer(ctx, 200, e.get(ctx.pathParam("id"))));
            add(config, e.shape.updateMethod().equals("PUT") ? HandlerType.PUT : HandlerType.PATCH, one, e, true,
                    ctx -> answer(ctx, 200, e.update(ctx.pathParam("id"), body(ctx, MAX_SUBSCRIPTION_BODY))));
            add(config, HandlerType.DELETE, one, e, true, ctx -> {
                e.delete(ctx.pathParam("id"));
                ctx.status(204);
            });
            if (spec.verify().equals("endpoint")) {
                add(config, HandlerType.POST, one + "/verify", e, true, ctx -> {
                    noBody(ctx);
                    answer(ctx, 200, e.verify(ctx.pathParam("id")));
                });
            }
            add(config, HandlerType.POST, one + "/test", e, true, ctx -> answer(ctx, 200, e.test(ctx.pathParam("id"))));
            add(config, HandlerType.GET, one + "/deliveries", e, true,
                    ctx -> answer(ctx, 200, e.deliveries(ctx.pathParam("id"))));
            add(config, HandlerType.POST, one + "/deliveries/{delivery_id}/retry", e, true,
                    ctx -> answer(ctx, 200, e.retry(ctx.pathParam("id"), ctx.pathParam("delivery_id"))));
            if (spec.catalogPath() != null) {
                add(config, HandlerType.GET, m.prefix() + spec.catalogPath(), e, true, ctx -> answer(ctx, 200, e.catalog()));
            }
            if (spec.eventsPath() != null) {
                add(config, HandlerType.GET, m.prefix() + spec.eventsPath() + "/{id}", e, true,
                        ctx -> answer(ctx, 200, e.event(ctx.pathParam("id"))));
            }
            if (spec.tokenPath() != null) {
                add(config, HandlerType.POST, m.prefix() + spec.tokenPath(), e, false, this::token);
            }
        }
        add(config, HandlerType.GET, "/openapi.json", null, false, ctx -> answer(ctx, 200, openApi()));
        add(config, HandlerType.POST, "/_emulator/emit", null, false, local(this::emit));
        add(config, HandlerType.GET, "/_emulator/clock", null, false, local(ctx -> answer(ctx, 200, clockDoc())));
        add(config, HandlerType.POST, "/_emulator/clock", null, false, local(this::moveClock));
    }

    /** Registers a route: its errors in the provider's style, behind the API key where {@code authed}. */
    private void add(JavalinConfig config, HandlerType method, String path, Emulation e, boolean authed,
                     Handler handler) {
        routes.add(method + " " + path);
        ApiShape shape = e == null ? new PaismoShape() : e.shape;
        config.routes.addHttpHandler(method, path, ctx -> {
            ctx.header("Cache-Control", "no-store");
            try {
                if (authed) {
                    authenticate(ctx, e.spec);
                }
                handler.handle(ctx);
            } catch (ApiError err) {
                if (err.status == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                }
                ctx.status(err.status).contentType(shape.errorType()).result(shape.error(err).toString());
            } catch (HooksException err) {
                ApiError api = err.exitCode() == HooksException.INTERNAL
                        ? new ApiError(500, "internal", null, err.getMessage())
                        : new ApiError(400, "invalid_request", null, err.getMessage());
                ctx.status(api.status).contentType(shape.errorType()).result(shape.error(api).toString());
            }
        });
    }

    private void authenticate(Context ctx, Profile.EmulateSpec spec) {
        String authorization = ctx.header("Authorization");
        boolean bearer = false;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            bearer = matches(token) || tokens.check(authorization) == null;
        }
        boolean header = spec.keyHeader() != null && matches(ctx.header(spec.keyHeader()));
        if (spec.keyHeaderRequired() ? bearer && header : bearer || header) {
            return;
        }
        if (spec.keyHeaderRequired() && !header) {
            throw ApiError.unauthorized("Access denied due to missing or invalid subscription key. Make sure to include "
                    + "a valid key in the " + spec.keyHeader() + " header when making requests to an API.");
        }
        throw ApiError.unauthorized(authorization == null && !(spec.keyHeader() != null && ctx.header(spec.keyHeader()) != null)
                ? "missing credentials: send Authorization: Bearer <api key>"
                        + (spec.keyHeader() != null ? " or " + spec.keyHeader() + ": <api key>" : "")
                : "the credentials are not valid for this API");
    }

    private boolean matches(String given) {
        return given != null && ConstantTime.equals(settings.apiKey().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private void token(Context ctx) {
        TokenIssuer.Answer a = tokens.issue(ctx.header("Authorization"), ctx.contentType(), ctx.bodyAsBytes());
        if (a.basicChallenge()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"hooks-emulator\"");
        }
        ctx.status(a.status()).contentType("application/json").result(a.body());
    }

    /**
     * The gate of the {@code /_emulator} routes, which make signed deliveries and move the clock without the API key:
     * a program on this machine may call them ({@code hooks trigger} does), a web page may not. Refused with 403: a
     * client not on loopback, a Host header that does not name this machine (DNS rebinding), a request a page of
     * another site or origin sent; with 415 a POST whose body is not declared JSON, so no page can send one as a
     * "simple" cross-site request (text/plain, a form) without a preflight, which the emulator never grants.
     */
    private static Handler local(Handler handler) {
        return ctx -> {
            if (!loopback(ctx.req().getRemoteAddr())) {
                throw new ApiError(403, "forbidden", null, "the /_emulator routes answer only clients on this machine");
            }
            String page = ControlPlane.pageRefusal(ctx.header("Host"), ctx.header("Sec-Fetch-Site"), ctx.header("Origin"),
                    ControlPlane.loopbackNames(), "the emulator's /_emulator routes", "");
            if (page != null) {
                throw new ApiError(403, "forbidden", null, page);
            }
            if (ctx.method() == HandlerType.POST && !isJson(ctx.header("Content-Type"))) {
                throw new ApiError(415, "unsupported_media_type", null,
                        "the body must be sent as Content-Type: application/json");
            }
            handler.handle(ctx);
        };
    }

    private static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /**
     * Paismo's verify takes no body: the emulator makes the challenge token itself and sends it to the URL; the
     * receiver's answer carrying it back is the verification. A body (a token of the caller's) is refused, not ignored.
     */
    private static void noBody(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return;
        }
        JsonNode b;
        try {
            b = JsonBody.mapper().readTree(bytes);
        } catch (IOException e) {
            b = null;
        }
        if (b == null || !b.isObject() || !b.isEmpty()) {
            throw ApiError.badField("body", "is not read: verify sends a fresh challenge token to the subscription's "
                    + "URL and passes when the receiver answers it back; send no body");
        }
    }

    private static JsonNode body(Context ctx) {
        return body(ctx, Integer.MAX_VALUE);
    }

    /** The JSON body, at most {@code max} bytes (413 beyond). */
    private static JsonNode body(Context ctx, int max) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > max) {
            throw new ApiError(413, "too_large", null, "the body is " + bytes.length + " bytes: at most " + max);
        }
        if (bytes.length == 0) {
            throw ApiError.badField("body", "is required: a JSON object");
        }
        try {
            return JsonBody.mapper().readTree(bytes);
        } catch (IOException e) {
            throw ApiError.badField("body", "is not valid JSON");
        }
    }

    private static void answer(Context ctx, int status, JsonNode doc) {
        ctx.status(status).contentType("application/json").result(doc.toString());
    }

    // ---- /_emulator ----

    private void emit(Context ctx) {
        JsonNode b = ApiShape.object(body(ctx));
        String event = ApiShape.string(b, "event", true);
        String provider = ApiShape.string(b, "provider", false);
        Emulation e = emulation(provider, event);
        List<String> sets = new ArrayList<>();
        JsonNode set = b.get("set");
        if (set != null && !set.isNull()) {
            if (!set.isArray()) {
                throw ApiError.badField("set", "must be an array of \"PATH=VALUE\" strings");
            }
            for (JsonNode n : set) {
                if (!n.isTextual() || !n.textValue().contains("=")) {
                    throw ApiError.badField("set", "must be an array of \"PATH=VALUE\" strings");
                }
                sets.add(n.textValue());
            }
        }
        JsonNode data = b.get("data");
        if (data != null && data.isNull()) {
            data = null;
        }
        Duration wait = Duration.ofSeconds(30);
        String w = ApiShape.string(b, "wait", false);
        if (w != null) {
            wait = Durations.parse(w).filter(d -> d.compareTo(MAX_WAIT) <= 0).orElseThrow(() ->
                    ApiError.badField("wait", "must be a duration such as 30s, at most " + Durations.format(MAX_WAIT)));
        }
        Emulation.Emitted out = e.emit(event, sets, data, wait);
        ObjectNode o = ApiShape.NODES.objectNode();
        o.put("provider", e.name());
        o.putObject("event").put("id", out.eventId()).put("type", out.eventType());
        ArrayNode reached = o.putArray("reached");
        out.reached().forEach(r -> reached.add(r.json(e.name())));
        answer(ctx, 200, o);
    }

    private Emulation emulation(String provider, String event) {
        if (provider != null) {
            return emulations.stream().filter(x -> x.name().equals(provider)).findFirst()
                    .orElseThrow(() -> ApiError.badField("provider", "'" + provider + "' is not emulated here (emulated: "
                            + String.join(", ", mounts.stream().map(Mount::provider).toList()) + ")"));
        }
        if (emulations.size() == 1) {
            return emulations.get(0);
        }
        List<Emulation> having = emulations.stream().filter(x -> x.knownEvents.contains(event)).toList();
        if (having.size() == 1) {
            return having.get(0);
        }
        throw ApiError.badField("provider", "is required: several providers are emulated here");
    }

    private JsonNode clockDoc() {
        ObjectNode o = ApiShape.NODES.objectNode();
        o.put("now", clock.instant().toString());
        o.put("offset", Durations.format(clock.offset()));
        return o;
    }

    private void moveClock(Context ctx) {
        JsonNode b = ApiShape.object(body(ctx));
        String advance = ApiShape.string(b, "advance", false);
        String offset = ApiShape.string(b, "offset", false);
        if (advance == null && offset == null) {
            throw ApiError.badField("advance", "or offset is required: a duration such as 91d");
        }
        if (advance != null) {
            clock.move(clock.offset().plus(Durations.parse(advance).orElseThrow(() ->
                    ApiError.badField("advance", "must be a duration such as 91d"))));
        } else {
            clock.move(Durations.parse(offset).orElseThrow(() -> ApiError.badField("offset", "must be a duration such as 0s")));
        }
        answer(ctx, 200, clockDoc());
    }

    /** The API description: the built-in document's operations of the providers served, at their mounts. */
    JsonNode openApi() {
        ObjectNode doc;
        try (InputStream in = Emulator.class.getResourceAsStream("/dev/hooks/emulate/openapi.json")) {
            doc = (ObjectNode) JsonBody.mapper().readTree(in);
        } catch (IOException | NullPointerException e) {
            throw new HooksException(HooksException.INTERNAL, "the emulator's API description is missing", e);
        }
        ObjectNode paths = ApiShape.NODES.objectNode();
        JsonNode all = doc.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String tag = op.getValue().path("tags").path(0).asText();
                String path = null;
                if (tag.equals("emulator")) {
                    path = p.getKey();
                } else {
                    for (Mount m : mounts) {
                        if (m.provider().equals(tag)) {
                            path = m.prefix() + p.getKey();
                        }
                    }
                }
                if (path != null) {
                    ObjectNode at = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
                    at.set(op.getKey(), op.getValue());
                }
            }
        }
        doc.set("paths", paths);
        doc.putArray("servers").addObject().put("url", "http://" + settings.host() + ":" + port);
        return doc;
    }

    // ---- accessors ----

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + settings.host() + ":" + port;
    }

    /** Where the state is, for messages: the file's path, or the database's URL without its password. */
    public String history() {
        return store.location();
    }

    /** Events made and delivery attempts (answered 2xx or not) since the emulator started. */
    public EmulatorStore.Counts counts() {
        return store.counts();
    }

    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    /** Every route served, as {@code METHOD /path}. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        timer.shutdownNow();
        pool.shutdownNow();
        transport.close();
        store.close();
    }

    /** The emulator's clock: the system's, moved by an offset the API can change. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset;

        MovableClock(Duration offset) {
            this.offset = new AtomicReference<>(offset == null ? Duration.ZERO : offset);
        }

        Duration offset() {
            return offset.get();
        }

        void move(Duration to) {
            offset.set(to);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
