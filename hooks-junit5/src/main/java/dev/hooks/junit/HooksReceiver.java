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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * A real webhook receiver for one test: an HTTP server on 127.0.0.1 and a free port that verifies, decrypts, checks
 * API keys and fails on request as its {@link Receive} annotations say, and keeps every request it receives in
 * memory for the test to await and inspect. {@link HooksExtension} starts one per annotated parameter or field and
 * stops it after the test (or, for a static field, after the class).
 *
 * <pre>{@code
 * @ExtendWith(HooksExtension.class)
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
    private int acceptedReturned;
    private int refusedReturned;
    private int arrived;
    private volatile boolean stopped;

    private HooksReceiver(ListenerSettings settings) {
        this.mainPath = settings.path();
        List<String> names = new ArrayList<>();
        for (Endpoint e : settings.endpoints()) {
            names.add(e.name());
        }
        this.providers = List.copyOf(names);
        this.listener = new Listener(settings).onDelivery(this::arrived);
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
     * Waits for the next delivery the receiver accepted that no earlier {@code awaitDelivery} or
     * {@link #awaitDeliveries} returned: verified (or unchecked, for a provider that does not sign), or answered with
     * a simulated failure. Refused requests are skipped here (see {@link #awaitRefused}).
     *
     * @param timeout how long to wait
     * @return the delivery
     * @throws AssertionFailedError when none comes in time, listing what did arrive and why each was refused
     */
    public ReceivedDelivery awaitDelivery(Duration timeout) {
        return awaitDeliveries(1, timeout).get(0);
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
        return await(n, timeout, false);
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
        return await(1, timeout, true).get(0);
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
            acceptedReturned = 0;
            refusedReturned = 0;
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

    private List<ReceivedDelivery> await(int n, Duration timeout, boolean ofRefused) {
        if (n < 1) {
            throw new IllegalArgumentException("await 1 or more deliveries, not " + n);
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (lock) {
            while (true) {
                List<ReceivedDelivery> list = ofRefused ? refused : accepted;
                int from = ofRefused ? refusedReturned : acceptedReturned;
                if (list.size() - from >= n) {
                    List<ReceivedDelivery> out = List.copyOf(list.subList(from, from + n));
                    if (ofRefused) {
                        refusedReturned += n;
                    } else {
                        acceptedReturned += n;
                    }
                    return out;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionFailedError(timeoutMessage(n, timeout, ofRefused, list.size() - from));
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionFailedError("interrupted while awaiting a delivery at " + url(), e);
                }
            }
        }
    }

    /** Called with the lock held. */
    private String timeoutMessage(int n, Duration timeout, boolean ofRefused, int pending) {
        String what = ofRefused ? (n == 1 ? "refused request" : "refused requests") : (n == 1 ? "delivery" : "deliveries");
        StringBuilder b = new StringBuilder();
        b.append("awaited ").append(n).append(' ').append(what).append(" for ").append(seconds(timeout))
                .append(" at ").append(url()).append(" (").append(served()).append(')');
        if (pending > 0) {
            b.append(", but only ").append(pending).append(" came");
        } else {
            b.append(", but none came");
        }
        if (stopped) {
            b.append(" (the receiver was already stopped: it lives only as long as its test)");
        }
        if (all.isEmpty()) {
            b.append("; nothing arrived at all: no request reached the receiver");
            return b.toString();
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
            b.append("\n  ").append(d.sequence()).append(". ").append(d);
            if (!ofRefused && !d.refused() && accepted.indexOf(d) < acceptedReturned
                    || ofRefused && d.refused() && refused.indexOf(d) < refusedReturned) {
                b.append(" (returned by an earlier await)");
            }
            shown++;
        }
        if (!ofRefused && refusedCount > 0) {
            b.append("\n(awaitDelivery returns accepted deliveries only; awaitRefused returns the refused ones)");
        }
        return b.toString();
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
