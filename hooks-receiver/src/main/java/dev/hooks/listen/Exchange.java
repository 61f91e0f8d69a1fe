package dev.hooks.listen;

import dev.hooks.scheme.Headers;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Everything learned about one request, filled as the listener handles it, and the answer decided for it. */
final class Exchange {
    static final byte[] NO_BYTES = new byte[0];
    /** As Jetty's servlet layer writes it, so that both lanes send the same header. */
    static final String TEXT = "text/plain;charset=utf-8";
    static final String JSON_TYPE = "application/json";

    // Ids need to be unique, not secret: a thread-local generator spares every request SecureRandom's lock.
    final String id = StoredDelivery.newId(ThreadLocalRandom.current());
    /** When the request reached the listener (System.nanoTime), for its latency. */
    final long start;
    Instant receivedAt;
    String kind = StoredDelivery.DELIVERY;
    Endpoint endpoint;
    String method;
    String path;
    String query;
    List<Header> headers = List.of();
    Headers lookup;
    byte[] body = NO_BYTES;
    String eventType;
    String eventId;
    Boolean verified;
    String reason;
    String verification;
    /** The body as parsed JSON (the plaintext, when decrypted), or null. */
    com.fasterxml.jackson.databind.JsonNode json;
    byte[] decrypted;
    int status;
    String contentType = TEXT;
    List<Header> responseHeaders = new ArrayList<>(2);
    byte[] responseBody = NO_BYTES;
    String forwardedTo;
    Integer forwardStatus;
    String forwardError;
    boolean simulated;
    boolean closeConnection;
    /** How long to keep the answer back (a simulated delay or timeout), without holding a thread. */
    Duration hold = Duration.ZERO;
    Set<String> redactHeaders = Set.of();
    byte[] storedBody;
    byte[] storedResponse;

    Exchange(long start) {
        this.start = start;
    }

    void answer(int status, String reason) {
        this.status = status;
        if (reason != null) {
            this.reason = reason;
        }
        this.contentType = TEXT;
        this.responseBody = ((reason == null ? "ok" : reason) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    void answer(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.responseBody = body;
    }

    String header(String name) {
        return lookup.first(name);
    }

    /** Adds a note to the reason, after what is there. */
    void note(String note) {
        reason = reason == null ? note : reason + "; " + note;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return abbreviate(line, 200);
    }
}
