package dev.hooks.junit;

/**
 * How many requests {@link HooksReceiver#assertCount} expects to match: {@link #exactly(int)} or
 * {@link #atLeast(int)}, as WireMock's {@code verify(exactly(n), ...)} counts.
 *
 * <pre>{@code
 * import static dev.hooks.junit.Count.exactly;
 *
 * receiver.assertCount(exactly(3), d -> d.attempt() > 0, Duration.ofSeconds(10));
 * }</pre>
 */
public final class Count {
    private final int n;
    private final boolean orMore;

    private Count(int n, boolean orMore) {
        if (n < 0) {
            throw new IllegalArgumentException("a count is 0 or more, not " + n);
        }
        this.n = n;
        this.orMore = orMore;
    }

    /**
     * Exactly {@code n} matching requests: fewer, or more, fails.
     *
     * @param n the count, 0 or more
     * @return the expectation
     */
    public static Count exactly(int n) {
        return new Count(n, false);
    }

    /**
     * {@code n} matching requests or more.
     *
     * @param n the least count, 0 or more
     * @return the expectation
     */
    public static Count atLeast(int n) {
        return new Count(n, true);
    }

    boolean test(int found) {
        return orMore ? found >= n : found == n;
    }

    /** Whether no later arrival can make the count hold. */
    boolean exceeded(int found) {
        return !orMore && found > n;
    }

    /** {@code exactly 3} or {@code at least 3}. */
    @Override
    public String toString() {
        return (orMore ? "at least " : "exactly ") + n;
    }
}
