package dev.hooks.scenario;

import java.time.Duration;

/**
 * How a scenario is played: its pace and the faults real providers make.
 *
 * @param timeScale     0 sends with no waits; 1 keeps the recorded gaps; 0.1 compresses them tenfold
 * @param shuffle       deliver in an order drawn from {@code seed}
 * @param reverse       deliver newest first
 * @param duplicateRate the probability (0 to 1) that a delivery is sent again, at once or later in the run
 * @param jitter        each delivery is held a further random time up to this long (which may reorder them), or null
 * @param concurrency   deliveries in flight at once (1 or more)
 * @param seed          the seed of every random choice, or null for a fresh one (then printed, to repeat a run)
 */
public record PlayOptions(double timeScale, boolean shuffle, boolean reverse, double duplicateRate, Duration jitter,
                          int concurrency, Long seed) {
    public PlayOptions {
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("the time scale must be 0 or more, got " + timeScale);
        }
        if (!(duplicateRate >= 0 && duplicateRate <= 1)) {
            throw new IllegalArgumentException("the duplicate rate must be between 0 and 1, got " + duplicateRate);
        }
        if (jitter != null && jitter.isNegative()) {
            throw new IllegalArgumentException("the jitter must not be negative, got " + jitter);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("the concurrency must be at least 1, got " + concurrency);
        }
    }

    /** In recorded order, one at a time, with no waits. */
    public static PlayOptions defaults() {
        return new PlayOptions(0, false, false, 0, null, 1, null);
    }

    /** Whether any choice is random, so the run has a seed worth printing. */
    public boolean random() {
        return shuffle || duplicateRate > 0 || jitter != null && !jitter.isZero();
    }
}
