package dev.hooks.send;

import java.time.Duration;

/**
 * What the sender reports while it runs, one record per happening; the command renders them as text or JSON lines,
 * and tests read them. Listeners are called from the sending threads and must be thread-safe.
 */
public sealed interface SendEvent {

    /** How an attempt ended for its delivery. */
    enum Outcome {
        /** A success status (2xx): the delivery is done. */
        DELIVERED,
        /** It failed and the schedule has another attempt, after {@link Attempt#nextDelay()}. */
        RETRYING,
        /** It failed and there is no further attempt: retries off, or the schedule is used up. */
        FAILED,
        /** It failed with a status that stops retrying (410 Gone for ASP.NET senders). */
        STOPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One request of one delivery and its answer.
     *
     * @param delivery 1-based number of the delivery in this run
     * @param attempt 1-based attempt number, as the provider counts it
     * @param maxAttempts how many attempts the schedule allows (1 without retries)
     * @param nextDelay the wait before the next attempt as actually slept (scaled), or null when there is none
     * @param scheduledDelay the same wait as the provider's schedule says it (unscaled), or null
     */
    record Attempt(int delivery, int attempt, int maxAttempts, String provider, String eventType, String eventId,
                   String deliveryId, Exchange exchange, Outcome outcome, Duration nextDelay, Duration scheduledDelay)
            implements SendEvent {
        public OutgoingRequest request() {
            return exchange.request();
        }

        public boolean last() {
            return outcome != Outcome.RETRYING;
        }
    }

    /**
     * An OAuth 2 access token was requested from the consumer's token endpoint.
     *
     * @param status the endpoint's HTTP status, 0 when it could not be reached
     * @param expiresIn the token's lifetime as the endpoint gave it, or null
     * @param error why no token came back, or null
     */
    record TokenFetched(String tokenUrl, int status, double latencyMillis, Duration expiresIn, String error)
            implements SendEvent {}

    /**
     * The subscription changed state as the provider tracks it: {@code failed} after {@code failureLimit}
     * consecutive failed deliveries, after which the provider sends nothing more.
     */
    record SubscriptionFailed(String provider, int consecutiveFailures, int failureLimit, int deliveriesNotSent)
            implements SendEvent {}
}
