package dev.hooks.scenario;

import java.time.Duration;
import java.util.List;

/**
 * What happened to one delivery of a played scenario.
 *
 * @param number         its place in the run, from 1
 * @param index          its place in the scenario file, from 1
 * @param provider       the provider it was sent as, or null (sent unsigned, as recorded)
 * @param eventType      its event type, or null
 * @param eventId        its event id, kept from the recording, or null
 * @param duplicate      whether it was a second sending of a delivery of the run ({@code --duplicate})
 * @param sentAt         when it was sent, after the run's start
 * @param url            where it was sent
 * @param status         the HTTP status answered, or 0 when none came ({@code error} says why)
 * @param error          why no answer came, or null
 * @param errorKind      {@code connect}, {@code timeout}, {@code tls}, {@code io} or {@code auth}, or null
 * @param reached        whether the receiver was reached (an answer came, or it was reached and then did not answer)
 * @param latency        from sending to the end of the answer
 * @param requestHeaders the headers sent, in order
 * @param requestBody    the body sent (encrypted, for an encrypted delivery)
 */
public record Played(int number, int index, String provider, String eventType, String eventId, boolean duplicate,
                     Duration sentAt, String url, int status, String error, String errorKind, boolean reached,
                     Duration latency, List<Scenario.Header> requestHeaders, byte[] requestBody) {
    public Played {
        requestHeaders = List.copyOf(requestHeaders);
    }

    /** Whether it got a 2xx answer. */
    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "#" + number + " " + provider + " " + eventType + " " + eventId + ": "
                + (status > 0 ? String.valueOf(status) : error);
    }
}
