package dev.hooks.listen;

import dev.hooks.HooksException;
import dev.hooks.scheme.Headers;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Records each request in the history, then answers it, counts it and emits its {@link Delivery}: with a store, the
 * answer waits for the record's commit (and is never a 2xx without it), and neither that wait nor a simulated delay
 * holds a thread. Also counts the requests under way, which stopping waits for.
 */
final class Recorder {
    /** Requests under way: taken by either lane, not yet answered. */
    final AtomicInteger inFlight = new AtomicInteger();
    private final ListenerSettings s;
    /** Where a held answer (a simulated delay or timeout) is settled once its time is up. */
    private final Executor pool;
    private final Redaction redaction;
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();
    /** Called before the answer is handed to Jetty, so that they hear of deliveries in the order they were answered. */
    private final List<Consumer<Delivery>> beforeAnswer = new CopyOnWriteArrayList<>();
    private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();
    private final LongAdder received = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder stored = new LongAdder();

    Recorder(ListenerSettings s, Executor pool, Redaction redaction) {
        this.s = s;
        this.pool = pool;
        this.redaction = redaction;
    }

    void onDelivery(Consumer<Delivery> listener) {
        listeners.add(listener);
    }

    void onDeliveryBeforeAnswer(Consumer<Delivery> listener) {
        beforeAnswer.add(listener);
    }

    /** Counts a request handed to the app. */
    void forwarded() {
        forwarded.increment();
    }

    Summary summary() {
        return new Summary(received.sum(), verified.sum(), rejected.sum(), forwarded.sum(), failed.sum(), stored.sum());
    }

    /**
     * Records the request, then answers it; false when it is answered already, true when the answer comes later
     * (from the store's sync thread or a pool thread), which then ends the request's in-flight count. Neither a
     * simulated delay or timeout nor the wait for the store's commit holds a thread: the request goes async until
     * they are over. With {@code async} false (outside a route, where the request cannot go async) this thread
     * waits instead.
     */
    boolean finish(Wire w, Exchange x, boolean async) {
        long holding = System.nanoTime();
        CompletableFuture<Void> done = x.hold.isZero()
                ? settle(w, x)
                : s.failures().after(x.hold).thenComposeAsync(v -> {
                    releasedEarly(x, holding);
                    return settle(w, x);
                }, pool);
        if (done.isDone() || !async) {
            done.join();
            return false;
        }
        w.answerLater(done.whenComplete((v, e) -> inFlight.decrementAndGet()));
        return true;
    }

    /**
     * A simulated timeout's answer let go before its hold was over (the listener stopping) says how long it was really
     * held, not the hold it was meant to have.
     */
    private static void releasedEarly(Exchange x, long holdingSince) {
        Duration held = Duration.ofNanos(System.nanoTime() - holdingSince);
        if (x.simulated && x.reason != null && held.compareTo(x.hold.minusMillis(500)) < 0) {
            String said = "held " + Failures.HOLD.toSeconds() + " s";
            if (x.reason.contains(said)) {
                x.answer(x.status, x.reason.replace(said, "held " + dev.hooks.scheme.Durations.format(held)
                        + " of its " + Failures.HOLD.toSeconds() + " s, then released early as the listener stopped"));
            }
        }
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
            // only accepted deliveries count: a refused request must not make the genuine one a duplicate
            if (record.countsForDuplicates() ? !seenEvents.add(key) : seenEvents.contains(key)) {
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
        if (!beforeAnswer.isEmpty()) {
            emit(beforeAnswer, new Delivery(record, (System.nanoTime() - x.start) / 1000, durable, storeError,
                    x.simulated));
        }
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
        if (!listeners.isEmpty()) {
            emit(listeners, new Delivery(record, micros, durable, storeError, x.simulated));
        }
    }

    private static void emit(List<Consumer<Delivery>> to, Delivery d) {
        for (Consumer<Delivery> l : to) {
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
                headers.add(x.redactHeaders.contains(h.name().toLowerCase(Locale.ROOT)) ? new Header(h.name(), Listener.REDACTED) : h);
            }
        }
        List<Header> response = new ArrayList<>(x.responseHeaders.size() + 1);
        if (x.contentType != null) {
            response.add(new Header("Content-Type", x.contentType));
        }
        response.addAll(x.responseHeaders);
        return redaction.apply(StoredDelivery.builder()
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
                .build());
    }

    // ---- requests the HTTP parser refuses -----------------------------------------------------------------

    /** Records requests Jetty refuses before they reach the listener (malformed request line, huge headers). */
    void parserError(String method, String path, String query, List<Header> headers, int status, String why) {
        Exchange x = new Exchange(System.nanoTime());
        x.receivedAt = s.clock().instant();
        x.method = method == null || method.isEmpty() ? "?" : Exchange.abbreviate(method, 20);
        x.path = path == null || path.isEmpty() ? "?" : Exchange.abbreviate(path, 500);
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
        emit(beforeAnswer, d);
        emit(listeners, d);
    }
}
