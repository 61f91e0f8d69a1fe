package dev.hooks.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How much of the history to keep: the deliveries received within an age ({@link #maxAge}), or the newest
 * {@link #keep} of them. Exactly one is set. What is outside the limit may be pruned; what is inside never is.
 *
 * @param maxAge keep what was received less than this long ago; null when the limit is a count
 * @param keep   keep this many, the newest; 0 when the limit is an age
 */
public record Retention(Duration maxAge, long keep) {
    public Retention {
        if (maxAge != null && (maxAge.isNegative() || keep != 0)) {
            throw new IllegalArgumentException("retention: an age of " + maxAge + " with a count of " + keep);
        }
        if (maxAge == null && keep < 0) {
            throw new IllegalArgumentException("retention: count " + keep + " is negative");
        }
    }

    /** Keep what was received less than {@code age} ago. */
    public static Retention age(Duration age) {
        return new Retention(Objects.requireNonNull(age, "age"), 0);
    }

    /** Keep the newest {@code n}. */
    public static Retention count(long n) {
        return new Retention(null, n);
    }

    /** Whether the limit is an age (else a count). */
    public boolean byAge() {
        return maxAge != null;
    }

    /** Deliveries received before this instant are outside the limit at {@code now}; only for an age. */
    public Instant cutoff(Instant now) {
        return now.minus(maxAge);
    }
}
