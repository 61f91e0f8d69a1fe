package dev.hooks.send;

import java.util.Arrays;
import java.util.Map;

/**
 * The figures of one run: how many deliveries and attempts, how they ended, how fast.
 *
 * @param deliveries deliveries started
 * @param delivered deliveries that ended with a 2xx
 * @param failedAnswered deliveries whose last attempt got a non-2xx answer or, having reached the receiver, no
 *                       answer in time; or whose token request was refused
 * @param failedNetwork deliveries whose last attempt could not reach the receiver (connect, TLS, connect timeout,
 *                      broken)
 * @param latenciesNanos every answered attempt's latency, sorted ascending
 * @param statuses answered attempts by HTTP status
 * @param errors unanswered attempts by kind ({@link Exchange.Kind#label()})
 * @param subscriptionFailed whether the provider would have marked the subscription failed
 */
public record Summary(long deliveries, long delivered, long failedAnswered, long failedNetwork, long attempts,
                      long elapsedNanos, long[] latenciesNanos, Map<Integer, Long> statuses, Map<String, Long> errors,
                      boolean subscriptionFailed) {

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Attempts per second over the whole run. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : attempts / seconds();
    }

    /** The latency at quantile {@code q} (0..1) in milliseconds, nearest rank; 0 when nothing was answered. */
    public double latencyMillis(double q) {
        if (latenciesNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * latenciesNanos.length);
        int index = Math.min(latenciesNanos.length - 1, Math.max(0, rank - 1));
        return latenciesNanos[index] / 1e6;
    }

    public double maxMillis() {
        return latenciesNanos.length == 0 ? 0 : latenciesNanos[latenciesNanos.length - 1] / 1e6;
    }

    public boolean allDelivered() {
        return delivered == deliveries && !subscriptionFailed;
    }

    @Override
    public String toString() {
        return "Summary[deliveries=" + deliveries + ", delivered=" + delivered + ", attempts=" + attempts
                + ", statuses=" + statuses + ", errors=" + errors + ", latencies=" + Arrays.toString(
                Arrays.copyOf(latenciesNanos, Math.min(5, latenciesNanos.length))) + "…]";
    }
}
