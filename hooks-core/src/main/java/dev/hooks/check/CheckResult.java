package dev.hooks.check;

import dev.hooks.send.Exchange;
import java.time.Duration;
import java.util.List;

/**
 * The verdict of one {@link Check}: its outcome, the reason in the receiver's terms, and every request it made.
 *
 * @param latency the figures of the {@link Check#LATENCY} check; null for the others
 * @param elapsedNanos how long the check took
 */
public record CheckResult(Check check, Outcome outcome, String reason, List<Probe> requests, Latency latency,
                          long elapsedNanos) {
    public CheckResult {
        requests = List.copyOf(requests);
    }

    /** How a check ended. */
    public enum Outcome {
        PASS, FAIL, WARN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One request a check made and what it expected of the answer.
     *
     * @param name what the request was, e.g. {@code employee.created} or {@code signature corrupted}
     * @param expect what a correct receiver answers: {@code 2xx} or {@code 4xx}
     */
    public record Probe(String name, String expect, Exchange exchange) {
        /** The status answered, or 0 when no answer came. */
        public int status() {
            return exchange.answered() ? exchange.status() : 0;
        }

        /** The status, or the kind of network failure, as a person reads it: {@code 401}, {@code timeout}. */
        public String answer() {
            return exchange.answered() ? Integer.toString(exchange.status()) : exchange.failure().kind().label();
        }
    }

    /** Answer times against the provider's timeout; {@code p50Nanos} and {@code maxNanos} are -1 when nothing answered. */
    public record Latency(long p50Nanos, long maxNanos, Duration timeout, int answered, int timedOut) {}
}
