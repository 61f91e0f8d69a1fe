package dev.hooks.junit;

import dev.hooks.listen.Delivery;
import dev.hooks.listen.Endpoint;
import dev.hooks.listen.Listener;
import dev.hooks.listen.ListenerSettings;
import dev.hooks.scenario.Scenario;
import dev.hooks.store.RecordedScenario;
import dev.hooks.store.StoredDelivery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * A real webhook receiver for one test: an HTTP server on 127.0.0.1 and a free port that verifies, decrypts, checks
 * API keys and fails on request as its {@link Receive} annotations say, and keeps every request it receives in
 * memory for the test to await and inspect. {@link HooksExtension} starts one per annotated parameter or field and
 * stops it after the test (or, for a static field, after the class).
 *
 * <pre>{@code
 * class PayrollNotifierTest {
 *     @Receive(provider = "paismo", secret = "s3cret")
 *     HooksReceiver receiver;
 *
 *     @Test
 *     void notifiesOnPayrollApproval() {
 *         new PayrollNotifier(receiver.url(), "s3cret").payrollApproved("p_1");
 *         ReceivedDelivery d = receiver.awaitDelivery(Duration.ofSeconds(5));
 *         assertEquals("payroll.approved", d.eventType());
 *         assertTrue(d.verified(), d.reason());
 *     }
 * }
 * }</pre>
 *
 * <p>Two streams can be awaited: {@linkplain #awaitDelivery deliveries} the receiver accepted (verified, or answered
 * with a simulated failure), and {@linkplain #awaitRefused requests it refused} (a bad signature, a missing API key,
 * a wrong path). Each await returns what no earlier await of its kind returned; {@link #deliveries()} is every
 * request in order of arrival. A failed await lists everything that arrived and why each was refused.
 *
 * <p><b>Sharing one receiver.</b> A receiver in a static field is shared by every test of its class, also when they
 * run in parallel. {@link #awaitDelivery(Duration)} hands each delivery to whichever await asks first, so a test may
 * be given another test's delivery. Tests that share a receiver await their own with
 * {@link #awaitDelivery(Predicate, Duration)}: it returns the first delivery that matches (by an id or a value the
 * test itself sent) and leaves the others to the awaits they belong to. {@link #clear()} forgets the deliveries of
 * every test sharing the receiver; it is for receivers a test has to itself.
 *
 * <p>All methods are thread-safe: deliveries arrive on the server's threads while the test awaits them.
 */
public final class HooksReceiver {
    private static final int LISTED = 25;

    private static final dev.hooks.scheme.ProviderCatalog PROFILES = new dev.hooks.scheme.ProviderCatalog(List.of());
    private final Listener listener;
    private final String mainPath;
    private final List<String> providers;
    private final Object lock = new Object();
    private final List<ReceivedDelivery> all = new ArrayList<>();
    private final List<ReceivedDelivery> accepted = new ArrayList<>();
    private final List<ReceivedDelivery> refused = new ArrayList<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    /** The deliveries an await has returned: each is returned once. */
    private final Set<ReceivedDelivery> returned = Collections.newSetFromMap(new IdentityHashMap<>());
    private int arrived;
    private volatile boolean stopped;

    private HooksReceiver(ListenerSettings settings) {
        this.mainPath = settings.path();
        List<String> names = new ArrayList<>();
        for (Endpoint e : settings.endpoints()) {
            names.add(e.name());
        }
        this.providers = List.copyOf(names);
        this.listener = new Listener(settings).onDeliveryBeforeAnswer(this::arrived);
    }

    /** Starts a receiver for these annotations, or throws IllegalArgumentException with a one-line reason. */
    static HooksReceiver start(List<Receive> receives) {
        HooksReceiver r = new HooksReceiver(ReceiverConfig.settings(receives));
        r.listener.start();
        return r;
    }

    /**
     * The URL to deliver to: the main path ({@link Receive#path()}, {@code /webhook} by default). With one provider it
     * serves that provider; with several it recognises the provider from the headers each delivery carries.
     *
     * @return {@code http://127.0.0.1:PORT/webhook}
     */
    public URI url() {
        return URI.create(listener.baseUrl() + mainPath);
    }

    /**
     * The URL where one provider is served on its own: {@code /NAME}.
     *
     * @param provider one of {@link #providers()}
     * @return {@code http://127.0.0.1:PORT/NAME}
     * @throws IllegalArgumentException when this receiver does not serve that provider
     */
    public URI url(String provider) {
        if (!providers.contains(provider)) {
            throw new IllegalArgumentException("this receiver serves " + String.join(", ", providers) + ", not '"
                    + provider + "'");
        }
        return URI.create(listener.baseUrl() + "/" + provider);
    }

    /**
     * The port the receiver listens on, on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return listener.port();
    }

    /**
     * The providers served, in the order of their annotations.
     *
     * @return the providers' names
     */
    public List<String> providers() {
        return providers;
    }

    /**
     * The only provider served.
     *
     * @return its name
     * @throws IllegalStateException when the receiver serves several
     */
    public String provider() {
        if (providers.size() != 1) {
            throw new IllegalStateException("this receiver serves several providers: " + String.join(", ", providers));
        }
        return providers.get(0);
    }

    /**
     * Waits for the next delivery the receiver accepted that no earlier await returned: verified (or unchecked, for
     * a provider that does not sign), or answered with a simulated failure. Refused requests are skipped here (see
     * {@link #awaitRefused}). On a receiver shared by several tests, use {@link #awaitDelivery(Predicate, Duration)}.
     *
     * @param timeout how long to wait
     * @return the delivery
     * @throws AssertionFailedError when none comes in time, listing what did arrive and why each was refused
     */
    public ReceivedDelivery awaitDelivery(Duration timeout) {
        return awaitDeliveries(1, timeout).get(0);
    }

    /**
     * Waits for the first accepted delivery that matches and that no earlier await returned; deliveries that do not
     * match stay for the awaits they belong to. This is how tests that share a receiver (a static field, tests run in
     * parallel) each get their own delivery: match on what the test itself sent, such as an id in the body.
     *
     * <pre>{@code
     * ReceivedDelivery d = shared.awaitDelivery(r -> r.rawBodyText().contains(orderId), Duration.ofSeconds(5));
     * }</pre>
     *
     * @param matching which delivery is awaited; called under the receiver's lock, so keep it quick
     * @param timeout how long to wait
     * @return the first matching delivery, in order of arrival
     * @throws AssertionFailedError when none matches in time, listing what did arrive, which of it did not match and
     *     what earlier awaits returned
     */
    public ReceivedDelivery awaitDelivery(Predicate<ReceivedDelivery> matching, Duration timeout) {
        if (matching == null) {
            throw new IllegalArgumentException("awaitDelivery needs a predicate; awaitDelivery(timeout) takes any");
        }
        return await(1, timeout, false, matching).get(0);
    }

    /**
     * Waits for the next {@code n} accepted deliveries (see {@link #awaitDelivery}).
     *
     * @param n how many, 1 or more
     * @param timeout how long to wait for all of them
     * @return the deliveries in order of arrival
     * @throws AssertionFailedError when fewer come in time, listing what did arrive and why each was refused
     */
    public List<ReceivedDelivery> awaitDeliveries(int n, Duration timeout) {
        return await(n, timeout, false, null);
    }

    /**
     * Waits for the next request the receiver refused that no earlier {@code awaitRefused} returned: a signature or
     * API key that did not check out, a body that could not be decrypted or parsed, a path or method not served.
     *
     * @param timeout how long to wait
     * @return the refused request
     * @throws AssertionFailedError when none comes in time, listing what did arrive
     */
    public ReceivedDelivery awaitRefused(Duration timeout) {
        return await(1, timeout, true, null).get(0);
    }

    /**
     * Asserts how many requests that match have arrived, counting every request the receiver received (accepted,
     * refused and handshakes alike, whether or not an await returned it), as WireMock's {@code verify(exactly(n), ...)}
     * does. Deliveries arrive while the test runs, so this waits up to {@code timeout} for the count to hold: for
     * {@code exactly(n)}, until n have matched, and then it holds only if no more matched by then.
     *
     * <pre>{@code
     * receiver.assertCount(Count.exactly(1), d -> "invoice.paid".equals(d.eventType()), Duration.ofSeconds(5));
     * }</pre>
     *
     * @param count the expected count, such as {@link Count#exactly(int)}
     * @param matching which requests are counted
     * @param timeout how long to wait for the count to hold
     * @return the matching requests, in order of arrival
     * @throws AssertionFailedError when the count does not hold in time, with the count found and every request
     */
    public List<ReceivedDelivery> assertCount(Count count, Predicate<ReceivedDelivery> matching, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (lock) {
            while (true) {
                List<ReceivedDelivery> found = all.stream().filter(matching).toList();
                if (count.test(found.size())) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || count.exceeded(found.size())) {
                    StringBuilder b = new StringBuilder("expected ").append(count).append(" matching at ").append(url())
                            .append(" within ").append(seconds(timeout)).append(", but ").append(found.size())
                            .append(" matched");
                    listArrivals(b, false, d -> !matching.test(d) ? " (did not match)" : "");
                    throw new AssertionFailedError(b.toString());
                }
                waitFor(left);
            }
        }
    }

    /**
     * Every request received so far, accepted or refused (handshakes included), in order of arrival; a snapshot.
     * A delivery is added just after its answer is sent, so a sender may see the answer a moment before it is
     * here: await it rather than reading this right after sending.
     *
     * @return an unmodifiable copy
     */
    public List<ReceivedDelivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(all);
        }
    }

    /**
     * What this receiver accepted so far, as a scenario to play again ({@code Hooks.play(scenario)} or
     * {@code hooks scenario play}): each delivery's body byte for byte (Teal's plaintext, to be encrypted again), its
     * headers without signatures, credentials or per-attempt ids and timestamps, and its time after the first. Save it
     * with {@link Scenario#save}; it holds no secret.
     */
    public Scenario scenario() {
        List<StoredDelivery> records = new ArrayList<>();
        synchronized (lock) {
            for (ReceivedDelivery d : accepted) {
                records.add(d.record());
            }
        }
        synchronized (PROFILES) { // a catalog parses each built-in once, on first use
            return RecordedScenario.of(records, PROFILES::find, note -> { });
        }
    }

    /** Forgets every request received so far: {@link #deliveries()} is empty and awaits wait for new ones. */
    public void clear() {
        synchronized (lock) {
            all.clear();
            accepted.clear();
            refused.clear();
            attempts.clear();
            returned.clear();
        }
    }

    /** The receiver's URL and what it serves. */
    @Override
    public String toString() {
        return "HooksReceiver[" + url() + " " + String.join(", ", providers) + "]";
    }

    private void arrived(Delivery d) {
        StoredDelivery r = d.record();
        synchronized (lock) {
            int attempt = 0;
            if (r.eventId() != null && StoredDelivery.DELIVERY.equals(r.kind())) {
                attempt = attempts.merge(r.provider() + "\u0000" + r.eventId(), 1, Integer::sum);
            }
            ReceivedDelivery rd = new ReceivedDelivery(r, d.simulated(), attempt, ++arrived);
            all.add(rd);
            if (rd.refused()) {
                refused.add(rd);
            } else if (StoredDelivery.DELIVERY.equals(r.kind())) {
                accepted.add(rd);
            }
            lock.notifyAll();
        }
    }

    private List<ReceivedDelivery> await(int n, Duration timeout, boolean ofRefused, Predicate<ReceivedDelivery> matching) {
        if (n < 1) {
            throw new IllegalArgumentException("await 1 or more deliveries, not " + n);
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (lock) {
            while (true) {
                List<ReceivedDelivery> out = new ArrayList<>(n);
                for (ReceivedDelivery d : ofRefused ? refused : accepted) {
                    if (!returned.contains(d) && (matching == null || matching.test(d))) {
                        out.add(d);
                        if (out.size() == n) {
                            returned.addAll(out);
                            return List.copyOf(out);
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionFailedError(timeoutMessage(n, timeout, ofRefused, matching, out.size()));
                }
                waitFor(left);
            }
        }
    }

    /** Waits on the lock (held) for an arrival, for at most {@code nanos}. */
    private void waitFor(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while awaiting a delivery at " + url(), e);
        }
    }

    /** Called with the lock held. */
    private String timeoutMessage(int n, Duration timeout, boolean ofRefused, Predicate<ReceivedDelivery> matching,
                                  int pending) {
        String what = ofRefused ? (n == 1 ? "refused request" : "refused requests") : (n == 1 ? "delivery" : "deliveries");
        StringBuilder b = new StringBuilder();
        b.append("awaited ").append(n).append(' ').append(what).append(matching == null ? "" : " matching the predicate")
                .append(" for ").append(seconds(timeout)).append(" at ").append(url()).append(" (").append(served())
                .append(')');
        if (pending > 0) {
            b.append(", but only ").append(pending).append(" came");
        } else {
            b.append(", but none came");
        }
        listArrivals(b, true, d -> {
            if (d.refused() != ofRefused || !ofRefused && !StoredDelivery.DELIVERY.equals(d.kind())) {
                return "";
            }
            if (returned.contains(d)) {
                return " (returned by an earlier await)";
            }
            return matching != null && !matching.test(d) ? " (did not match)" : "";
        });
        if (!ofRefused && all.stream().anyMatch(ReceivedDelivery::refused)) {
            b.append("\n(awaitDelivery returns accepted deliveries only; awaitRefused returns the refused ones)");
        }
        return b.toString();
    }

    /** Appends every request that arrived, one a line, each with its note; called with the lock held. */
    private void listArrivals(StringBuilder b, boolean sayStopped, java.util.function.Function<ReceivedDelivery, String> note) {
        if (sayStopped && stopped) {
            b.append(" (the receiver was already stopped: it lives only as long as its test)");
        }
        if (all.isEmpty()) {
            b.append("; nothing arrived at all: no request reached the receiver");
            return;
        }
        long refusedCount = all.stream().filter(ReceivedDelivery::refused).count();
        b.append(". ").append(all.size()).append(all.size() == 1 ? " request" : " requests").append(" arrived");
        if (refusedCount > 0) {
            b.append(", ").append(refusedCount).append(" refused");
        }
        b.append(':');
        int shown = 0;
        for (ReceivedDelivery d : all) {
            if (shown == LISTED) {
                b.append("\n  ... and ").append(all.size() - LISTED).append(" more");
                break;
            }
            b.append("\n  ").append(d.sequence()).append(". ").append(d).append(note.apply(d));
            shown++;
        }
    }

    private String served() {
        StringBuilder b = new StringBuilder();
        if (providers.size() == 1) {
            b.append(providers.get(0)).append("; also at /").append(providers.get(0));
        } else {
            b.append("recognising ").append(String.join(", ", providers)).append(" by their headers; each also at /NAME");
        }
        return b.toString();
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** Stops the server: requests under way are finished (for up to a second), simulated delays end at once. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        listener.settings().failures().release();
        listener.stop(Duration.ofSeconds(1));
    }
}
