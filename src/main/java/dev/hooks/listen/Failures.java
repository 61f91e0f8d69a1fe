package dev.hooks.listen;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated failures, for testing a provider's retries: answer {@code status} to accepted deliveries, fail the
 * first {@code failFirst} of them and then a fraction {@code failRate} with {@code failStatus}, and wait
 * {@code delay} before every answer. Handshakes and rejected requests are not affected.
 */
public final class Failures {
    public static final Failures NONE = new Failures(200, 0, 0, 500, Duration.ZERO);

    private final int status;
    private final int failFirst;
    private final double failRate;
    private final int failStatus;
    private final Duration delay;
    private final AtomicInteger seen = new AtomicInteger();

    public Failures(int status, int failFirst, double failRate, int failStatus, Duration delay) {
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
    }

    /** What to answer an accepted delivery: a status and, for a simulated failure, why. */
    public record Outcome(int status, String reason) {
        public boolean failed() {
            return reason != null;
        }
    }

    /** Decides the next accepted delivery's answer; thread-safe. */
    public Outcome next() {
        if (failFirst > 0) {
            int n = seen.incrementAndGet();
            if (n <= failFirst) {
                return new Outcome(failStatus, "simulated failure " + n + " of " + failFirst + " (--fail-first)");
            }
        }
        if (failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate) {
            return new Outcome(failStatus, "simulated failure (--fail-rate " + failRate + ")");
        }
        return new Outcome(status, status >= 300 ? "status set by --status " + status : null);
    }

    public Duration delay() {
        return delay;
    }

    public boolean any() {
        return status != 200 || failFirst > 0 || failRate > 0 || !delay.isZero();
    }
}
