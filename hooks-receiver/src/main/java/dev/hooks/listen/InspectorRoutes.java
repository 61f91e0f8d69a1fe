package dev.hooks.listen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.HooksException;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.HistoryStats;
import dev.hooks.store.HistoryUpkeep;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The live web inspector of {@code hooks listen}: a page under {@code /_hooks/} (plain HTML, CSS and JavaScript from
 * the jar) and the JSON API it reads, all served from the {@link DeliveryStore}, so it shows earlier runs too.
 *
 * <pre>
 * GET  /_hooks/                                   the page
 * GET  /_hooks/api/info                           the forward target and the store's file
 * GET  /_hooks/api/stats                          what the history holds and its size on disk ({@link HistoryStats#fields})
 * GET  /_hooks/api/deliveries?provider=&amp;event_type=&amp;verified=valid|invalid|unsigned&amp;kind=&amp;after_seq=&amp;before_seq=&amp;limit=
 *                                                 summaries, newest first: {"deliveries": [...], "next_before_seq": n}
 * GET  /_hooks/api/deliveries/{id}                one delivery: headers, bodies, verification steps, answer, forward
 * GET  /_hooks/api/deliveries/{id}/curl?to=URL    a curl command line that sends it again
 * POST /_hooks/api/deliveries/{id}/replay         {"to": URL|null, "body": text|null, "resign": bool} → the result
 * GET  /_hooks/api/export?(same filters)          JSON Lines, oldest first, as a download
 * GET  /_hooks/api/stream                         server-sent events: "delivery" with a summary per stored delivery
 * </pre>
 *
 * <p>Nothing served carries a secret: the history holds none and profiles contribute only header names and
 * templates. The replay endpoint refuses requests from other origins (a page elsewhere in the browser cannot
 * make the listener send requests). Paths under {@code /_hooks/} are never webhook paths: see {@link #owns}.
 *
 * <p>{@link #close()} ends the live streams and their store subscriptions; Javalin itself is stopped by its owner.
 */
public final class InspectorRoutes implements AutoCloseable {
    /** The prefix every inspector path starts with. */
    public static final String BASE = "/_hooks";
    /** How often an idle stream sends a comment, so proxies and browsers keep it open. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int STREAM_QUEUE = 2048;
    /** The most live streams open at once: each holds a request thread while it lasts. */
    static final int MAX_STREAMS = 4;
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final StoredDelivery STOP = StoredDelivery.builder().receivedAt(java.time.Instant.EPOCH).build();

    private final DeliveryStore store;
    private final Replayer replayer;
    private final DeliveryDocuments docs;
    private final Duration keepAlive;
    private final Map<String, byte[]> assets;
    private final Set<BlockingQueue<StoredDelivery>> streams = ConcurrentHashMap.newKeySet();
    private final Semaphore streamSlots = new Semaphore(MAX_STREAMS);
    /** Streams, each giving its slot back when it ends, however it ends. */
    private final SseHandler sse = new SseHandler(client -> {
        try {
            stream(client);
        } finally {
            streamSlots.release();
        }
    });
    private volatile boolean closed;
    private volatile String publicUrl;

    private InspectorRoutes(DeliveryStore store, Replayer replayer, Function<String, Optional<Profile>> profiles,
            Duration keepAlive) {
        this.store = store;
        this.replayer = replayer;
        this.docs = new DeliveryDocuments(profiles);
        this.keepAlive = keepAlive;
        this.assets = Map.of(
                "index.html", asset("index.html"),
                "app.css", asset("app.css"),
                "app.js", asset("app.js"));
    }

    /** Whether a request path belongs to the inspector (and so is never treated as a webhook). */
    public static boolean owns(String path) {
        return path != null && (path.equals(BASE) || path.startsWith(BASE + "/"));
    }

    /** {@link #register(JavalinConfig, DeliveryStore, Replayer, Function, Duration)} with the built-in profiles. */
    public static InspectorRoutes register(JavalinConfig config, DeliveryStore store, Replayer replayer) {
        ProviderCatalog catalog = new ProviderCatalog(List.of());
        return register(config, store, replayer, catalog::find, KEEP_ALIVE);
    }

    /**
     * Adds the inspector's routes to a Javalin being configured. Call it before adding a catch-all webhook route:
     * Javalin answers with the first route that matches.
     *
     * @param store     the history the page shows
     * @param replayer  what the replay button calls
     * @param profiles  the profile for a provider name, for the verification steps (header names, templates)
     * @param keepAlive how often an idle live stream sends a comment
     */
    public static InspectorRoutes register(JavalinConfig config, DeliveryStore store, Replayer replayer,
            Function<String, Optional<Profile>> profiles, Duration keepAlive) {
        InspectorRoutes r = new InspectorRoutes(store, replayer, profiles, keepAlive);
        var routes = config.routes;
        routes.get(BASE, ctx -> r.asset(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get(BASE + "/", ctx -> r.asset(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get(BASE + "/index.html", ctx -> r.asset(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get(BASE + "/app.css", ctx -> r.asset(ctx, "app.css", "text/css; charset=utf-8"));
        routes.get(BASE + "/app.js", ctx -> r.asset(ctx, "app.js", "text/javascript; charset=utf-8"));
        routes.get(BASE + "/api/info", guarded(r::info));
        routes.get(BASE + "/api/stats", guarded(r::stats));
        routes.get(BASE + "/api/deliveries", guarded(r::list));
        routes.get(BASE + "/api/deliveries/{id}", guarded(r::detail));
        routes.get(BASE + "/api/deliveries/{id}/curl", guarded(r::curl));
        routes.post(BASE + "/api/deliveries/{id}/replay", guarded(r::replay));
        routes.get(BASE + "/api/export", guarded(r::export));
        routes.get(BASE + "/api/stream", r::openStream);
        return r;
    }

    /** The public base URL the listener is reached at through a tunnel, shown in the page's header; null for none. */
    public void publicUrl(String url) {
        publicUrl = url;
    }

    /** How many live streams are open. */
    public int streamCount() {
        return streams.size();
    }

    /** Ends every live stream and its store subscription. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(q -> q.offer(STOP));
    }

    private static byte[] asset(String name) {
        try (InputStream in = InspectorRoutes.class.getResourceAsStream("/dev/hooks/inspector/" + name)) {
            if (in == null) {
                throw new IllegalStateException("inspector/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void asset(Context ctx, String name, String type) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (name.endsWith(".html")) {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Frame-Options", "DENY");
        }
        ctx.contentType(type).result(assets.get(name));
    }

    private void info(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forward_to", replayer == null ? null : replayer.defaultTarget());
        m.put("public_url", publicUrl);
        m.put("replay", replayer != null);
        m.put("store", store.location());
        m.put("count", store.count());
        json(ctx, 200, m);
    }

    private void stats(Context ctx) {
        try (HistoryUpkeep upkeep = HistoryUpkeep.of(store)) {
            json(ctx, 200, upkeep.stats().fields());
        }
    }

    private void list(Context ctx) {
        Query q = query(ctx);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest("limit must be 1-" + MAX_LIMIT);
        }
        Long after = longParam(ctx, "after_seq");
        Long before = longParam(ctx, "before_seq");
        List<DeliverySummary> rows = store.listSummaries(q.withAfterSeq(after).withBeforeSeq(before).withLimit(limit + 1));
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deliveries", rows.stream().map(docs::summary).toList());
        m.put("next_before_seq", more ? rows.get(rows.size() - 1).row().seq() : null);
        json(ctx, 200, m);
    }

    private void detail(Context ctx) {
        StoredDelivery d = find(ctx);
        Map<String, Object> m = docs.detail(d);
        m.put("can_resign", replayer != null && replayer.canResign(d.provider()));
        json(ctx, 200, m);
    }

    private void curl(Context ctx) {
        StoredDelivery d = find(ctx);
        String to = ctx.queryParam("to");
        if (to == null || to.isBlank()) {
            String query = d.query() == null ? "" : "?" + d.query();
            to = ctx.scheme() + "://" + ctx.host() + d.path() + query;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/plain; charset=utf-8").result(CurlCommand.of(d, to) + "\n");
    }

    private void replay(Context ctx) {
        sameOrigin(ctx);
        StoredDelivery d = find(ctx);
        if (replayer == null) {
            throw new BadRequest("replay is not available here");
        }
        JsonNode req;
        try {
            byte[] raw = ControlBody.read(ctx, ControlBody.MAX);
            if (raw == null) {
                throw new Refusal(413, ControlBody.tooLarge(ControlBody.MAX));
            }
            req = DeliveryDocuments.JSON.readTree(raw);
        } catch (IOException e) {
            throw new BadRequest("the request body must be JSON: {\"to\": URL or null, \"body\": text or null, \"resign\": bool}");
        }
        if (req == null || !req.isObject()) {
            throw new BadRequest("the request body must be a JSON object");
        }
        String to = textOrNull(req, "to");
        String body = textOrNull(req, "body");
        boolean resign = req.path("resign").asBoolean(false);
        Replayer.ReplayResult r;
        try {
            r = replayer.replay(d, to, body == null ? null : body.getBytes(StandardCharsets.UTF_8), resign);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("to", r.to());
        m.put("status", r.status());
        m.put("error", r.error());
        m.put("latency_ms", r.latencyMillis());
        m.put("replay_id", r.replayId());
        m.put("resigned", r.resigned());
        json(ctx, 200, m);
    }

    private void export(Context ctx) throws IOException {
        Query q = query(ctx).withOldestFirst(true).withLimit(500);
        ctx.status(200);
        ctx.contentType("application/x-ndjson; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"hooks-deliveries.jsonl\"");
        ctx.header("Cache-Control", "no-store");
        OutputStream out = ctx.res().getOutputStream();
        Long after = longParam(ctx, "after_seq");
        Long before = longParam(ctx, "before_seq");
        while (true) {
            List<StoredDelivery> page = store.list(q.withAfterSeq(after).withBeforeSeq(before));
            for (StoredDelivery d : page) {
                out.write(DeliveryDocuments.write(docs.exportLine(d)).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            if (page.size() < q.limit()) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        out.flush();
    }

    /** A live stream, when fewer than {@link #MAX_STREAMS} are open; else 503, so streams cannot take every thread. */
    private void openStream(Context ctx) throws Exception {
        if (!streamSlots.tryAcquire()) {
            ctx.header("Retry-After", "10");
            json(ctx, 503, Map.of("error", "too many live streams: " + MAX_STREAMS + " are open (close another "
                    + "inspector tab)"));
            return;
        }
        try {
            sse.handle(ctx); // the stream's slot is given back when it ends
        } catch (Exception | Error e) {
            streamSlots.release();
            throw e;
        }
    }

    private void stream(SseClient client) {
        BlockingQueue<StoredDelivery> queue = new LinkedBlockingQueue<>(STREAM_QUEUE);
        boolean[] overflow = {false};
        Consumer<StoredDelivery> listener = d -> {
            if (!queue.offer(d)) {
                synchronized (overflow) {
                    overflow[0] = true;
                }
            }
        };
        streams.add(queue);
        DeliveryStore.Subscription sub = store.subscribe(listener);
        try {
            client.sendComment("hooks inspector stream");
            String last = client.ctx().header("Last-Event-ID");
            if (last != null && last.strip().matches("\\d{1,18}")) {
                // A reconnecting browser gets what it missed, oldest first, before anything new.
                List<StoredDelivery> missed = store.list(Query.all().withAfterSeq(Long.parseLong(last.strip()))
                        .withOldestFirst(true).withLimit(MAX_LIMIT));
                for (StoredDelivery d : missed) {
                    send(client, d);
                }
            }
            long wait = Math.max(1, keepAlive.toMillis());
            while (!closed && !client.terminated()) {
                StoredDelivery d = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (d == STOP) {
                    break;
                }
                boolean lost;
                synchronized (overflow) {
                    lost = overflow[0];
                    overflow[0] = false;
                }
                if (lost) {
                    queue.clear();
                    client.sendEvent("resync", "{}", null);
                } else if (d == null) {
                    client.sendComment("keep-alive");
                } else {
                    send(client, d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sub.close();
            streams.remove(queue);
            client.close();
        }
    }

    private void send(SseClient client, StoredDelivery d) {
        client.sendEvent("delivery", DeliveryDocuments.write(docs.summary(d)), Long.toString(d.seq()));
    }

    private StoredDelivery find(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<StoredDelivery> d;
        try {
            d = store.find(id);
        } catch (HooksException e) {
            throw new BadRequest(e.getMessage());
        }
        return d.orElseThrow(() -> new NotFound("no delivery '" + id + "' in the history"));
    }

    private static Query query(Context ctx) {
        Query q = Query.all().withProvider(blankToNull(ctx.queryParam("provider")))
                .withEventType(blankToNull(ctx.queryParam("event_type")));
        String kind = blankToNull(ctx.queryParam("kind"));
        if (kind != null) {
            if (!StoredDelivery.KINDS.contains(kind)) {
                throw new BadRequest("kind must be one of " + String.join(", ", StoredDelivery.KINDS));
            }
            q = q.withKind(kind);
        }
        String verified = blankToNull(ctx.queryParam("verified"));
        if (verified != null) {
            q = q.withVerified(switch (verified.toLowerCase(Locale.ROOT)) {
                case "valid", "true" -> Query.Verified.VALID;
                case "invalid", "false" -> Query.Verified.INVALID;
                case "unsigned", "null" -> Query.Verified.UNSIGNED;
                case "any" -> Query.Verified.ANY;
                default -> throw new BadRequest("verified must be valid, invalid or unsigned");
            });
        }
        return q;
    }

    /** Refuses a state-changing request that a page of another origin made the browser send. */
    private static void sameOrigin(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest("send the request as Content-Type: application/json");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        try {
            URI o = new URI(origin);
            String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (host != null && host.equalsIgnoreCase(authority)) {
                return;
            }
        } catch (URISyntaxException | NullPointerException e) {
            // falls through to the refusal
        }
        throw new Forbidden("refused: the request came from another origin (" + origin + ")");
    }

    private static void json(Context ctx, int status, Object doc) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(JSON_TYPE).result(DeliveryDocuments.write(doc));
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string or null");
        }
        return v.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int intParam(Context ctx, String name, int fallback) {
        Long v = longParam(ctx, name);
        return v == null ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static Long longParam(Context ctx, String name) {
        String v = blankToNull(ctx.queryParam(name));
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number");
        }
    }

    /** An answer other than 200 with a JSON {"error": ...} body. */
    private static class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final class BadRequest extends Refusal {
        BadRequest(String message) {
            super(400, message);
        }
    }

    private static final class NotFound extends Refusal {
        NotFound(String message) {
            super(404, message);
        }
    }

    private static final class Forbidden extends Refusal {
        Forbidden(String message) {
            super(403, message);
        }
    }

    /** Answers a refusal thrown by {@code h} with its status and a JSON {"error": ...} body. */
    private static Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (Refusal e) {
                json(ctx, e.status, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                InspectorErrors.answer(ctx, e);
            }
        };
    }
}
