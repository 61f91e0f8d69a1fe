package dev.hooks.listen;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated failures, for testing a provider's retries: answer {@code status} to accepted deliveries, fail the
 * first {@code failFirst} of them and then a fraction {@code failRate} with {@code failStatus}, and wait
 * {@code delay} before every answer. Handshakes and rejected requests are not affected.
 *
 * <p>A {@link Mode} can be set while running ({@code f} in {@code hooks listen}): {@code FAIL} answers every accepted
 * delivery with {@code failStatus}; {@code TIMEOUT} holds every answer for {@link #HOLD}, longer than any built-in
 * provider waits, then answers 504, so the sender sees a timeout. {@link #release()} ends every wait at once (on
 * shutdown).
 *
 * <p>Each listener has its own instance: the mode and the release are state.
 */
public final class Failures {
    /** How long a simulated timeout holds the answer: past every built-in provider's timeout (at most 30 s). */
    public static final Duration HOLD = Duration.ofSeconds(60);

    /** Failures switched on while running, over the ones the flags ask for. */
    public enum Mode {
        /** Only what the flags ask for. */
        OFF,
        /** Every accepted delivery is answered with the failure status. */
        FAIL,
        /** Every accepted delivery's answer is held for {@link #HOLD}, then 504. */
        TIMEOUT
    }

    private final int status;
    private final int failFirst;
    private final double failRate;
    private final int failStatus;
    private final Duration delay;
    private final AtomicInteger seen = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OFF;
    private final Terms terms;

    /** No simulated failures: every accepted delivery answered 200 at once (until {@link #mode(Mode)} says otherwise). */
    public static Failures none() {
        return new Failures(200, 0, 0, 500, Duration.ZERO);
    }

    public Failures(int status, int failFirst, double failRate, int failStatus, Duration delay) {
        this(status, failFirst, failRate, failStatus, delay, Terms.FLAGS);
    }

    /** The same, with the reasons naming the settings as {@code terms} does. */
    public Failures(int status, int failFirst, double failRate, int failStatus, Duration delay, Terms terms) {
        if (status < 100 || status > 599 || failStatus < 100 || failStatus > 599) {
            throw new IllegalArgumentException("statuses must be 100-599");
        }
        if (failFirst < 0 || failRate < 0 || failRate > 1) {
            throw new IllegalArgumentException("failFirst must be >= 0 and failRate 0-1");
        }
        this.status = status;
        this.failFirst = failFirst;
        this.failRate = failRate;
        this.failStatus = failStatus;
        this.delay = delay == null ? Duration.ZERO : delay;
        this.terms = terms == null ? Terms.FLAGS : terms;
    }

    /**
     * What to answer an accepted delivery: a status and, for a simulated failure, why; {@code hold} is how long to
     * keep the answer back (a simulated timeout), on top of the delay.
     */
    public record Outcome(int status, String reason, Duration hold) {
        public Outcome(int status, String reason) {
            this(status, reason, Duration.ZERO);
        }

        public boolean failed() {
            return reason != null;
        }
    }

    /** Decides the next accepted delivery's answer; thread-safe. */
    public Outcome next() {
        Mode m = mode;
        if (m == Mode.FAIL) {
            return new Outcome(failStatus, "simulated failure (switched on with f)");
        }
        if (m == Mode.TIMEOUT) {
            return new Outcome(504, "simulated timeout: the answer was held " + HOLD.toSeconds() + " s (switched on with f)", HOLD);
        }
        if (failFirst > 0) {
            int n = seen.incrementAndGet();
            if (n <= failFirst) {
                return new Outcome(failStatus, "simulated failure " + n + " of " + failFirst + " (" + terms.failFirst() + ")");
            }
        }
        if (failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate) {
            return new Outcome(failStatus, "simulated failure (" + terms.failRate() + " " + failRate + ")");
        }
        return new Outcome(status, status >= 300 ? "status set by " + terms.status() + " " + status : null);
    }

    public Duration delay() {
        return delay;
    }

    public int failStatus() {
        return failStatus;
    }

    public Mode mode() {
        return mode;
    }

    /** Switches the failures of {@link Mode} on or off for the deliveries that follow. */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** How long to keep the outcome's answer back: the delay and the outcome's hold; zero after {@link #release()}. */
    public Duration wait(Outcome outcome) {
        return released.getCount() == 0 ? Duration.ZERO : delay.plus(outcome.hold());
    }

    /** Waits {@link #wait(Outcome)}, holding the calling thread; returns at once after {@link #release()}. */
    public void pause(Outcome outcome) {
        long millis = wait(outcome).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            released.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A future that completes after {@code wait}, or at once on {@link #release()}: a wait that holds no thread, so
     * held answers (a simulated timeout holds each for a minute) cannot use up the threads that serve the rest.
     */
    public CompletableFuture<Void> after(Duration wait) {
        if (wait.isZero() || wait.isNegative() || released.getCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiting.add(f);
        f.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((v, e) -> waiting.remove(f));
        if (released.getCount() == 0) { // released while this was being set up
            f.complete(null);
        }
        return f;
    }

    /** Ends every wait now and from now on (shutting down). */
    public void release() {
        released.countDown();
        for (CompletableFuture<Void> f : waiting) {
            f.complete(null);
        }
    }

    public boolean any() {
        return status != 200 || failFirst > 0 || failRate > 0 || !delay.isZero() || mode != Mode.OFF;
    }
}
