package dev.hooks;

import dev.hooks.send.Exchange;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.SendEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link SendRequest#to} did: every attempt, the last answer, and the exact request last sent.
 *
 * @param provider the provider it was sent as
 * @param eventType the event type, as the body says it
 * @param eventId the event id as a receiver reads it: from the body where the provider's envelope carries one,
 *     otherwise the provider's delivery id header (GitHub's {@code X-GitHub-Delivery}, Standard Webhooks'
 *     {@code webhook-id}); null when the provider sends neither
 * @param attempts every attempt in order; more than one when retrying
 */
public record SendResult(String provider, String eventType, String eventId, List<Attempt> attempts) {

    /**
     * One request and its answer.
     *
     * @param number the attempt's number as the provider counts it, from 1
     * @param status the HTTP status, or 0 when no answer came ({@code error} says why)
     * @param responseBody the answer's body (its start, for a very long one)
     * @param error why no answer came, or null
     * @param latency from sending to the end of the answer
     * @param nextWait the wait before the next attempt as slept (scaled), or null when this was the last
     * @param requestHeaders the headers sent, in order (Host and Content-Length are the transport's own)
     * @param requestBody the body bytes sent
     */
    public record Attempt(int number, int status, byte[] responseBody, String error, Duration latency,
                          Duration nextWait, Map<String, String> requestHeaders, byte[] requestBody) {
        /**
         * The answer's body as UTF-8 text.
         *
         * @return the receiver's answer
         */
        public String responseText() {
            return new String(responseBody, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "attempt " + number + ": " + (status > 0 ? String.valueOf(status) : error);
        }
    }

    /** Keeps the attempts as they are. */
    public SendResult {
        attempts = List.copyOf(attempts);
    }

    static SendResult of(String provider, List<SendEvent.Attempt> sent) {
        List<SendEvent.Attempt> sorted = new ArrayList<>(sent);
        sorted.sort(java.util.Comparator.comparingInt(SendEvent.Attempt::attempt));
        List<Attempt> attempts = new ArrayList<>();
        String eventType = null;
        String eventId = null;
        for (SendEvent.Attempt a : sorted) {
            Exchange x = a.exchange();
            OutgoingRequest request = x.request();
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.merge(h.name(), h.value(), (one, two) -> one + ", " + two));
            attempts.add(new Attempt(a.attempt(), x.status(), x.responseBody() == null ? new byte[0] : x.responseBody(),
                    x.failure() == null ? null : x.failure().message(), Duration.ofNanos(x.latencyNanos()),
                    a.nextDelay(), Collections.unmodifiableMap(headers), request.body()));
            eventType = a.eventType();
            // as a receiver reads it: from the body where the envelope has an id, else from the provider's id header
            // (GitHub's X-GitHub-Delivery, Standard Webhooks' webhook-id)
            eventId = a.eventId() != null ? a.eventId() : a.deliveryId();
        }
        return new SendResult(provider, eventType, eventId, attempts);
    }

    private Attempt last() {
        if (attempts.isEmpty()) {
            throw new IllegalStateException("nothing was sent");
        }
        return attempts.get(attempts.size() - 1);
    }

    /** The last answer's HTTP status, or 0 when it got none ({@link #error()} says why). */
    public int status() {
        return last().status();
    }

    /**
     * The last answer's body as UTF-8 text: what the receiver answered (the request sent is {@link #requestBody()}).
     *
     * @return the receiver's answer
     */
    public String responseText() {
        return last().responseText();
    }

    /** Why the last attempt got no answer, or null when it got one. */
    public String error() {
        return last().error();
    }

    /** Whether the last answer was a success (2xx). */
    public boolean delivered() {
        int s = status();
        return s >= 200 && s < 300;
    }

    /** The headers of the last request sent, in order, as sent. */
    public Map<String, String> requestHeaders() {
        return last().requestHeaders();
    }

    /** The body of the last request sent, byte for byte. */
    public byte[] requestBody() {
        return last().requestBody().clone();
    }

    @Override
    public String toString() {
        return provider + " " + eventType + " " + eventId + ": " + attempts;
    }
}
