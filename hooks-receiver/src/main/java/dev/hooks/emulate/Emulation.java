package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hooks.HooksException;
import dev.hooks.samples.DottedPath;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.ApiKeyAuth;
import dev.hooks.send.Authenticator;
import dev.hooks.send.Envelope;
import dev.hooks.send.Handshake;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OAuthClientCredentials;
import dev.hooks.send.RequestFactory;
import dev.hooks.send.RetryPolicy;
import dev.hooks.send.SampleEnvelopes;
import dev.hooks.send.SendEvent;
import dev.hooks.send.Sender;
import dev.hooks.store.EmulatorStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One emulated provider: its subscriptions, the events it makes and its deliveries, all kept in the history, and
 * deliveries made by the send engine exactly as {@code hooks send} makes them (envelope, signature, encryption,
 * consumer authentication, the profile's retry schedule scaled by the time scale). Subscriptions go through the
 * provider's lifecycle: pending verification, active, paused, and failed after the profile's
 * {@code delivery.failureLimit} consecutive failed deliveries. Thread-safe.
 */
final class Emulation {
    /** How an emitted event ended for one subscription. */
    record Reached(String subscription, String url, String outcome, int status, int attempts, String deliveryId,
                   String reason) {
        ObjectNode json(String provider) {
            ObjectNode o = ApiShape.NODES.objectNode();
            o.put("provider", provider);
            o.put("subscription", subscription);
            o.put("url", url);
            o.put("outcome", outcome);
            if (status > 0) {
                o.put("status", status);
            }
            o.put("attempts", attempts);
            o.put("delivery_id", deliveryId);
            o.put("reason", reason);
            return o;
        }
    }

    final Profile profile;
    final Profile.EmulateSpec spec;
    final ApiShape shape;
    private final EmulatorStore store;
    private final SampleCatalog samples;
    private final HttpTransport transport;
    private final double timeScale;
    private final Clock clock;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    final Set<String> knownEvents = new LinkedHashSet<>();
    /** The most subscriptions one emulated provider keeps. */
    static final int MAX_SUBSCRIPTIONS = 100;

    Emulation(Profile profile, EmulatorStore store, SampleCatalog samples, HttpTransport transport, double timeScale,
              Clock clock, ExecutorService pool, ScheduledExecutorService timer) {
        this.profile = profile;
        this.spec = profile.emulate();
        this.shape = ApiShape.of(spec.api());
        this.store = store;
        this.samples = samples;
        this.transport = transport;
        this.timeScale = timeScale;
        this.clock = clock;
        this.pool = pool;
        this.timer = timer;
        for (SampleEvent e : samples.events(profile.samples())) {
            knownEvents.add(e.eventType());
        }
        for (String doc : store.subscriptions(profile.name())) {
            Subscription s = Subscription.fromDocument(JsonBody.parse(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "emulator subscription"));
            subscriptions.put(s.id, s);
        }
    }

    String name() {
        return profile.name();
    }

    // ---- the management API ----

    JsonNode create(JsonNode body) {
        Subscription s = new Subscription(Ids.id(spec.api()), clock.instant());
        if (spec.api().equals("aspnet")) {
            body = AspNetShape.canonical(body);
        }
        if (spec.api().equals("aspnet") && body.path("Id").isTextual()) {
            String id = body.get("Id").textValue();
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw ApiError.badField("Id", "must be letters, digits, '-' or '_' (at most 64)");
            }
            synchronized (this) {
                if (subscriptions.containsKey(id)) {
                    throw new ApiError(409, "conflict", "Id", "Id: a registration '" + id + "' exists already");
                }
            }
            s = new Subscription(id, s.createdAt);
        }
        shape.create(s, body, knownEvents, spec.pausedByDefault());
        roomForOneMore();
        if (spec.verify().equals("on-register")) {
            Handshake.Result r = new Handshake(profile, null, Clock.systemUTC()).run(transport, URI.create(s.url));
            if (!r.passed() && !r.skipped()) {
                throw new ApiError(400, "verification_failed", "WebHookUri",
                        "WebHookUri: the echo verification of " + s.url + " failed: " + brief(r));
            }
        }
        synchronized (this) {
            roomForOneMore();
            subscriptions.put(s.id, s);
            save(s);
            return shape.render(s, true);
        }
    }

    /** Refuses a subscription beyond {@link #MAX_SUBSCRIPTIONS}, in the provider's style. */
    private synchronized void roomForOneMore() {
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new ApiError(409, "limit_reached", null, "this emulator keeps at most " + MAX_SUBSCRIPTIONS
                    + " subscriptions for " + profile.name() + ": delete one first");
        }
    }

    /**
     * What a handshake's verdict says to the API's caller: the status and a short reason, never the body the URL
     * answered (the URL may be any service on this machine, and the API would read it back to whoever asked).
     */
    static String brief(Handshake.Result r) {
        var x = r.exchange();
        if (r.passed() || x == null) {
            return r.reason();
        }
        if (!x.answered()) {
            String why = x.failure().kind().label() + " error: " + x.failure().message();
            return why.length() <= 200 ? why : why.substring(0, 200) + "…";
        }
        boolean echo = r.kind().equals("echo-get");
        if (echo ? x.status() / 100 != 2 : x.status() != 200) {
            return "answered " + x.status() + ", not " + (echo ? "2xx" : "200");
        }
        return "answered " + x.status() + ", but not with the " + (echo ? "echo value" : "challenge") + " it was sent";
    }

    synchronized JsonNode list() {
        List<JsonNode> items = new ArrayList<>();
        subscriptions.values().forEach(s -> items.add(shape.render(s, false)));
        return shape.list(items);
    }

    synchronized JsonNode get(String id) {
        return shape.render(find(id), false);
    }

    synchronized JsonNode update(String id, JsonNode body) {
        Subscription s = find(id);
        shape.update(s, body, knownEvents);
        save(s);
        return shape.render(s, false);
    }

    synchronized void delete(String id) {
        find(id);
        subscriptions.remove(id);
        store.deleteSubscription(profile.name(), id);
    }

    /** Sends the handshake to the subscription's URL now: active when it passes, else pending with the reason. */
    JsonNode verify(String id) {
        URI url;
        synchronized (this) {
            url = URI.create(find(id).url);
        }
        Handshake.Result r = new Handshake(profile, null, Clock.systemUTC()).run(transport, url);
        synchronized (this) {
            Subscription s = find(id);
            if (r.passed()) {
                if (s.status.equals(Subscription.PENDING)) {
                    s.status = Subscription.ACTIVE;
                }
                s.reason = null;
            } else {
                s.reason = "verification failed: " + brief(r);
            }
            save(s);
            ObjectNode o = (ObjectNode) shape.render(s, false);
            o.putObject("verification").put("passed", r.passed()).put("reason", brief(r))
                    .put("status", r.exchange() == null ? 0 : r.exchange().status());
            return o;
        }
    }

    /** The delivery log within the retention, newest first. */
    JsonNode deliveries(String id) {
        synchronized (this) {
            find(id);
        }
        Instant since = clock.instant().minus(spec.retention());
        store.purge(profile.name(), since);
        ArrayNode out = ApiShape.NODES.arrayNode();
        for (EmulatorStore.Attempt a : store.attempts(profile.name(), id, since)) {
            out.add(attempt(a));
        }
        ObjectNode o = ApiShape.NODES.objectNode();
        o.set("data", out);
        return o;
    }

    /** Delivers a logged delivery's event again, once, now. */
    JsonNode retry(String id, String deliveryId) {
        Subscription s;
        synchronized (this) {
            s = find(id);
            if (!s.status.equals(Subscription.ACTIVE) && !s.status.equals(Subscription.FAILED)) {
                throw new ApiError(409, "conflict", null, "the subscription is " + s.status + ": nothing is sent to it");
            }
        }
        EmulatorStore.Attempt a = store.attempt(profile.name(), deliveryId)
                .filter(x -> x.subscriptionId().equals(id))
                .filter(x -> !x.at().isBefore(clock.instant().minus(spec.retention())))
                .orElseThrow(() -> ApiError.notFound("delivery", deliveryId));
        EmulatorStore.StoredEvent e = store.event(profile.name(), a.eventId())
                .orElseThrow(() -> ApiError.notFound("event", a.eventId()));
        ObjectNode tree = (ObjectNode) JsonBody.parse(e.body(), "stored event");
        return answer(deliver(s, e.id(), e.type(), tree, false).join());
    }

    /** Sends a freshly made event of a type the subscription selects, once, whatever its state: the test call. */
    JsonNode test(String id) {
        Subscription s;
        synchronized (this) {
            s = find(id);
        }
        String type = s.firstType() != null ? s.firstType() : knownEvents.iterator().next();
        Made made = make(type, List.of(), null);
        return answer(deliver(s, made.id, type, made.tree, false).join());
    }

    private JsonNode answer(Reached r) {
        return store.attempt(profile.name(), r.deliveryId()).map(Emulation::attempt)
                .orElseGet(() -> r.json(profile.name()));
    }

    /** The events one can subscribe to, as Paycor's support endpoint lists them. */
    JsonNode catalog() {
        ArrayNode out = ApiShape.NODES.arrayNode();
        for (SampleEvent e : samples.events(profile.samples())) {
            int dot = e.eventType().indexOf('.');
            out.addObject().put("Entity", dot < 0 ? e.eventType() : e.eventType().substring(0, dot))
                    .put("Event", dot < 0 ? "" : e.eventType().substring(dot + 1))
                    .put("Description", e.description());
        }
        return out;
    }

    /** The full event behind a thin delivery (Paxos's Get Event). */
    JsonNode event(String id) {
        EmulatorStore.StoredEvent e = store.event(profile.name(), id)
                .filter(x -> !x.createdAt().isBefore(clock.instant().minus(spec.retention())))
                .orElseThrow(() -> ApiError.notFound("event", id));
        return JsonBody.parse(e.body(), "stored event");
    }

    // ---- emitting ----

    private record Made(String id, ObjectNode tree) {}

    private Made make(String type, List<String> sets, JsonNode data) {
        SampleEvent sample = samples.find(profile.samples(), type).orElseThrow(() -> ApiError.badField("event",
                "'" + type + "' is not an event of " + profile.name() + " (known: " + String.join(", ", knownEvents) + ")"));
        Envelope first;
        try {
            first = new SampleEnvelopes(profile, samples, sample, new SampleRenderer(clock, SampleEnvelopes.FAST_RANDOM),
                    data, sets, false).next(1);
        } catch (HooksException e) {
            throw ApiError.badField(data != null ? "data" : "set", e.getMessage());
        }
        ObjectNode tree = (ObjectNode) JsonBody.parse(first.body(1), "event");
        String id = first.eventId() != null ? first.eventId() : UUID.randomUUID().toString();
        store.saveEvent(new EmulatorStore.StoredEvent(profile.name(), id, type, clock.instant(),
                JsonBody.toBytes(tree, JsonBody.Style.COMPACT)));
        return new Made(id, tree);
    }

    /** The result of one emit: the event made, and how it ended for each subscription. */
    record Emitted(String eventId, String eventType, List<Reached> reached) {}

    /**
     * Makes one event and fans it out to every subscription: delivered (or failed) where it is active and selects
     * the event, else filtered, paused, pending or disabled. Waits up to {@code wait} for deliveries to end; those
     * still retrying then are reported so.
     */
    Emitted emit(String type, List<String> sets, JsonNode data, Duration wait) {
        Made made = make(type, sets, data);
        String dataPath = profile.envelope().data();
        JsonNode dataPart = dataPath == null || dataPath.isEmpty() ? made.tree
                : DottedPath.get(made.tree, dataPath).orElse(null);
        List<Subscription> all;
        synchronized (this) {
            all = new ArrayList<>(subscriptions.values());
        }
        List<Object> results = new ArrayList<>();
        for (Subscription s : all) {
            String status;
            synchronized (this) {
                status = s.status;
            }
            Reached skipped = switch (status) {
                case Subscription.PAUSED -> reached(s, "paused", "the subscription is paused: nothing is sent or queued");
                case Subscription.PENDING -> reached(s, "pending_verification", "the subscription is not verified yet");
                case Subscription.FAILED -> reached(s, "disabled", "the subscription is failed: " + s.reason);
                default -> s.wants(type, dataPart) ? null : reached(s, "filtered",
                        s.selectsType(type) ? "its filters do not match" : "it does not subscribe to " + type);
            };
            results.add(skipped != null ? skipped : deliver(s, made.id, type, made.tree, true));
        }
        long until = System.nanoTime() + wait.toNanos();
        List<Reached> out = new ArrayList<>();
        for (Object r : results) {
            if (r instanceof Reached done) {
                out.add(done);
                continue;
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<Reached> f = (CompletableFuture<Reached>) r;
            try {
                out.add(f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                Subscription s = all.get(results.indexOf(r));
                out.add(new Reached(s.id, s.url, "retrying", 0, 0, null, "still being retried on the schedule"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "interrupted", null, "the emulator is stopping");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new HooksException(HooksException.INTERNAL, "delivery failed: " + e.getCause(), e.getCause());
            }
        }
        return new Emitted(made.id, type, out);
    }

    private static Reached reached(Subscription s, String outcome, String reason) {
        return new Reached(s.id, s.url, outcome, 0, 0, null, reason);
    }

    /**
     * Delivers an event to one subscription through the send engine, on the provider's schedule when
     * {@code scheduled} (an emit), else once (a retry by hand, a test call); every attempt is logged.
     */
    private CompletableFuture<Reached> deliver(Subscription s, String eventId, String type, ObjectNode tree,
                                               boolean scheduled) {
        return deliver(s, eventId, type, tree, scheduled, 1, null);
    }

    /** The same, starting the schedule at attempt {@code from} after {@code wait} (null: the schedule's own wait). */
    private CompletableFuture<Reached> deliver(Subscription s, String eventId, String type, ObjectNode tree,
                                               boolean scheduled, int from, Duration wait) {
        ObjectNode body = tree.deepCopy();
        RequestFactory factory;
        synchronized (this) {
            if (spec.deliveryId() != null && DottedPath.get(body, spec.deliveryId()).isPresent()) {
                DottedPath.set(body, spec.deliveryId(), TextNode.valueOf(spec.api().equals("aspnet")
                        ? Ids.random("0123456789abcdef".toCharArray(), 32) : UUID.randomUUID().toString()));
            }
            String payload = profile.envelope().payload();
            if (!s.includePayload && payload != null) {
                DottedPath.remove(body, payload);
            }
            if (!spec.thin().isEmpty()) {
                body.retain(spec.thin());
            }
            factory = factory(s);
        }
        Envelope envelope = SampleEnvelopes.of(profile, body, type);
        RetryPolicy policy = RetryPolicy.of(profile.delivery(), scheduled, timeScale);
        CompletableFuture<Reached> done = new CompletableFuture<>();
        Duration first = wait != null ? wait : from > 1 ? policy.scaled(from) : Duration.ZERO;
        new Delivery(s, eventId, type, envelope, factory, policy, scheduled, done).at(from, first);
        return done;
    }

    /**
     * One delivery's attempts. Each attempt runs on the shared, bounded delivery pool; the wait before a retry is a
     * timer entry, not a sleeping thread, so an emit to many subscriptions whose URLs stall holds at most the pool's
     * threads. When the emulator stops, timers and queued attempts are dropped; their retries stay in the history.
     */
    private final class Delivery {
        private final Subscription s;
        private final String eventId;
        private final String type;
        private final Envelope envelope;
        private final RequestFactory factory;
        private final RetryPolicy policy;
        private final boolean scheduled;
        private final CompletableFuture<Reached> done;

        Delivery(Subscription s, String eventId, String type, Envelope envelope, RequestFactory factory,
                 RetryPolicy policy, boolean scheduled, CompletableFuture<Reached> done) {
            this.s = s;
            this.eventId = eventId;
            this.type = type;
            this.envelope = envelope;
            this.factory = factory;
            this.policy = policy;
            this.scheduled = scheduled;
            this.done = done;
        }

        /** Makes attempt {@code attempt} after {@code delay}. */
        void at(int attempt, Duration delay) {
            try {
                if (delay.isZero() || delay.isNegative()) {
                    pool.execute(() -> run(attempt));
                } else {
                    timer.schedule(() -> at(attempt, Duration.ZERO), delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (RejectedExecutionException stopping) {
                done.complete(new Reached(s.id, s.url, "retrying", 0, attempt - 1, null,
                        "the emulator is stopping: the retry stays scheduled in the history"));
            }
        }

        private void run(int attempt) {
            AtomicBoolean made = new AtomicBoolean();
            Sender sender = new Sender(transport, factory, n -> envelope, policy, e -> {
                if (e instanceof SendEvent.Attempt a) {
                    made.set(true);
                    attempted(s, eventId, type, a, scheduled, done);
                    if (!a.last()) {
                        at(a.attempt() + 1, a.nextDelay());
                    }
                }
            }).gated(n -> {
                if (Thread.currentThread().isInterrupted()) {
                    return false; // the emulator is stopping: the retry is not made in this run
                }
                String why = unsendable(s);
                if (why != null) {
                    abandon(s.id, eventId, type, n, why);
                    done.complete(new Reached(s.id, s.url, "abandoned", 0, n, null, "not sent: " + why));
                }
                return why == null;
            }).resumingAt(attempt, Duration.ZERO).oneAttempt();
            try {
                sender.run(Sender.Plan.single());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
            if (!made.get() && !done.isDone()) {
                done.complete(new Reached(s.id, s.url, "failed", 0, 0, null, "no attempt was made"));
            }
        }
    }

    /** Why a scheduled retry to the subscription is not to be sent now, or null when it is active. */
    private synchronized String unsendable(Subscription s) {
        if (subscriptions.get(s.id) != s) {
            return "the subscription was deleted";
        }
        return switch (s.status) {
            case Subscription.ACTIVE -> null;
            case Subscription.PAUSED -> "the subscription is paused: it sends and queues nothing";
            case Subscription.PENDING -> "the subscription is not verified";
            default -> "the subscription is " + s.status + (s.reason == null ? "" : ": " + s.reason);
        };
    }

    /** Logs a scheduled retry that is not sent, with why: the deliveries log shows where the schedule ended. */
    private void abandon(String subscription, String eventId, String type, int attempt, String why) {
        store.addAttempt(new EmulatorStore.Attempt(Ids.delivery(), profile.name(), subscription, eventId, type, attempt,
                clock.instant(), 0, 0, "not sent: " + why, "abandoned"));
        store.deletePending(profile.name(), subscription, eventId);
    }

    /**
     * Carries on the retries still scheduled when the emulator last stopped: each at its due time (at once when
     * overdue) to a subscription still active; to any other (failed for want of its secrets, paused, deleted), or
     * when the event is past the retention, the retry is logged as abandoned.
     */
    void resume() {
        Instant now = Instant.now();
        for (EmulatorStore.Pending p : store.pending(profile.name())) {
            Subscription s;
            synchronized (this) {
                s = subscriptions.get(p.subscriptionId());
            }
            String why = s == null ? "the subscription was deleted" : unsendable(s);
            var event = store.event(profile.name(), p.eventId())
                    .filter(x -> !x.createdAt().isBefore(clock.instant().minus(spec.retention())));
            if (why == null && event.isEmpty()) {
                why = "the event is past the retention";
            }
            if (why != null) {
                abandon(p.subscriptionId(), p.eventId(), p.eventType(), p.attempt(), why);
                continue;
            }
            Duration wait = p.due().isAfter(now) ? Duration.between(now, p.due()) : Duration.ZERO;
            ObjectNode tree = (ObjectNode) JsonBody.parse(event.get().body(), "stored event");
            deliver(s, p.eventId(), p.eventType(), tree, true, p.attempt(), wait);
        }
    }

    private void attempted(Subscription s, String eventId, String type, SendEvent.Attempt a, boolean scheduled,
                           CompletableFuture<Reached> done) {
        String id = Ids.delivery();
        var x = a.exchange();
        String error = x.answered() ? (RetryPolicy.success(x.status()) ? null : "HTTP " + x.status())
                : x.failure().kind().label() + ": " + x.failure().message();
        store.addAttempt(new EmulatorStore.Attempt(id, profile.name(), s.id, eventId, type, a.attempt(),
                clock.instant(), x.answered() ? x.status() : 0, x.answered() ? x.latencyMillis() : 0, error,
                a.outcome().label()));
        if (scheduled && !a.last()) {
            store.savePending(new EmulatorStore.Pending(profile.name(), s.id, eventId, type, a.attempt() + 1,
                    Instant.now().plus(a.nextDelay())));
        } else if (scheduled) {
            store.deletePending(profile.name(), s.id, eventId);
        }
        if (!a.last()) {
            return;
        }
        boolean ok = a.outcome() == SendEvent.Outcome.DELIVERED;
        synchronized (this) {
            if (ok) {
                s.consecutiveFailures = 0;
            } else if (scheduled) {
                s.consecutiveFailures++;
                int limit = profile.delivery().failureLimit();
                if (s.consecutiveFailures >= limit && s.status.equals(Subscription.ACTIVE)) {
                    s.status = Subscription.FAILED;
                    s.reason = s.consecutiveFailures + " consecutive deliveries failed (the limit is " + limit + ")";
                }
            }
            if (subscriptions.containsKey(s.id)) {
                save(s);
            }
        }
        done.complete(new Reached(s.id, s.url, ok ? "delivered" : "failed", x.answered() ? x.status() : 0,
                a.attempt(), id, error));
    }

    /** The request factory for one subscription: its secret, encryption key and consumer authentication. */
    private RequestFactory factory(Subscription s) {
        Profile p = s.secret == null ? unsigned(profile) : profile;
        SignatureScheme scheme = SignatureScheme.of(p, s.secret);
        PayloadEncryption encryption = s.encryptionKey == null || !profile.encrypts() ? null
                : new PayloadEncryption(profile.encryption(), s.encryptionKey);
        Authenticator auth = switch (s.auth.type()) {
            case "api_key" -> new ApiKeyAuth(s.auth.header(), s.auth.key());
            case "oauth2" -> {
                if (s.authenticator == null) {
                    s.authenticator = new OAuthClientCredentials(transport, URI.create(s.auth.tokenUrl()),
                            s.auth.clientId(), s.auth.clientSecret(), null, e -> { });
                }
                yield (Authenticator) s.authenticator;
            }
            default -> Authenticator.NONE;
        };
        return new RequestFactory(p, scheme, encryption, auth, URI.create(s.url), Clock.systemUTC());
    }

    /** The profile without its signature: Teal sends unsigned deliveries to a webhook registered without a secret. */
    private static Profile unsigned(Profile p) {
        Profile.SignatureSpec none = new Profile.SignatureSpec("none", "utf8", "{body}", null, "{hex}", null, null,
                true, p.signature().status(), List.of(), "raw", List.of());
        return new Profile(p.name(), p.description(), p.detect(), p.headers(), p.id(), p.timestamp(), none,
                p.encryption(), p.handshake(), p.auth(), p.delivery(), p.envelope(), p.samples(), p.emulate(),
                p.schemas(), p.source());
    }

    static ObjectNode attempt(EmulatorStore.Attempt a) {
        ObjectNode o = ApiShape.NODES.objectNode();
        o.put("id", a.id());
        o.put("time", a.at().toString());
        o.put("event_id", a.eventId());
        o.put("event_type", a.eventType());
        o.put("attempt", a.attempt());
        o.put("status", a.status());
        o.put("latency_ms", Math.round(a.latencyMillis() * 1000) / 1000.0);
        o.put("error", a.error());
        o.put("outcome", a.outcome());
        return o;
    }

    private Subscription find(String id) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            throw ApiError.notFound("subscription", id);
        }
        return s;
    }

    private void save(Subscription s) {
        store.saveSubscription(profile.name(), s.id, s.createdAt, s.document().toString());
    }
}
