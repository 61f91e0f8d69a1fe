package dev.hooks.send;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * What happened to one request: the answer (status, headers, body) or why there was none.
 *
 * @param status the HTTP status, or 0 when no answer came ({@link #failure} says why)
 * @param latencyNanos from just before the request was handed to the client to the end of the answer's body
 * @param truncated    whether the answer's body went on past what is kept ({@code responseBody} is its start)
 */
public record Exchange(OutgoingRequest request, Instant sentAt, long latencyNanos, int status,
                       List<OutgoingRequest.Header> responseHeaders, byte[] responseBody, Failure failure,
                       boolean truncated) {

    public Exchange(OutgoingRequest request, Instant sentAt, long latencyNanos, int status,
                    List<OutgoingRequest.Header> responseHeaders, byte[] responseBody, Failure failure) {
        this(request, sentAt, latencyNanos, status, responseHeaders, responseBody, failure, false);
    }

    /**
     * Why a request got no answer.
     *
     * @param reached whether the receiver was reached (connected, request sent) and then did not answer in time,
     *                or answered with something that is not a usable HTTP answer (a flood of header lines, a
     *                malformed status line): the receiver's failure, not the network's
     */
    public record Failure(Kind kind, String message, boolean reached) {
        public Failure(Kind kind, String message) {
            this(kind, message, false);
        }
    }

    /** The kinds of network failure, as the summary counts them. */
    public enum Kind {
        /** Connection refused, host not found, network unreachable. */
        CONNECT,
        /** No answer within the timeout (connect or response). */
        TIMEOUT,
        /** The TLS handshake failed: untrusted certificate, wrong host name, protocol mismatch. */
        TLS,
        /** The connection broke mid-request, or the answer was not HTTP. */
        IO,
        /** The OAuth token could not be obtained, so nothing was sent. */
        AUTH;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean answered() {
        return failure == null;
    }

    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }

    public String responseText() {
        return responseBody == null ? "" : new String(responseBody, StandardCharsets.UTF_8);
    }

    /** A response header by case-insensitive name, or null. */
    public String responseHeader(String name) {
        if (responseHeaders == null) {
            return null;
        }
        for (OutgoingRequest.Header h : responseHeaders) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
