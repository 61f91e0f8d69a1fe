package dev.hooks.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * One request that {@code hooks} received (or made, for replays and OAuth token calls), as kept in the history.
 *
 * <p>Everything is stored exactly as given: headers in the order received with repeated names kept, the body
 * as raw bytes (it need not be valid UTF-8). The store never removes anything, so <b>callers must not put
 * secrets in a delivery</b>: a header or body that carries a credential of ours (an API key header, an OAuth
 * client secret) must be redacted by the caller before it is saved.
 *
 * <p>Instances are immutable; byte arrays are copied in and out. Build one step by step with {@link #builder()}
 * and change a copy with {@link #toBuilder()}. {@code equals} compares byte arrays by content.
 *
 * @param seq            position in the history, assigned by the store (strictly increasing, never reused);
 *                       0 before the delivery is stored
 * @param id             short unique id such as {@code d_7k2m9q4r8t1v}; null lets the store assign one
 * @param receivedAt     when the request arrived
 * @param kind           one of {@link #KINDS}: delivery, handshake, replay, oauth
 * @param provider       provider profile name, null when unknown
 * @param method         HTTP method, e.g. {@code POST}
 * @param path           request path without the query, e.g. {@code /webhook}
 * @param query          raw query string without {@code ?}, null when there was none
 * @param headers        request headers as received
 * @param body           request body, raw bytes as received (empty when there was none)
 * @param eventType      event type read from the payload, null when unknown (e.g. malformed body)
 * @param eventId        the provider's event id, null when none; with {@code provider} it identifies duplicates
 * @param verified       true/false for the signature check, null when the scheme has no signature
 * @param reason         why the delivery was not verified or was rejected, null when there is nothing to say
 * @param verification   JSON text describing the verification steps, null when none were made
 * @param decrypted      the decrypted body for encrypted schemes, null otherwise
 * @param duplicate      whether an earlier accepted delivery ({@link #countsForDuplicates}) had the same provider
 *                       and event id
 * @param status         HTTP status answered (100-599), or 0 when no answer was given
 * @param responseHeaders headers answered
 * @param responseBody   body answered (empty when there was none)
 * @param forwardedTo    URL the request was forwarded to, null when not forwarded
 * @param forwardStatus  status the forward target answered, null when there was no answer
 * @param forwardError   why forwarding failed, null when it did not
 * @param latencyMicros  time from receipt to answer, in microseconds
 * @param replayOf       id of the delivery this one replays, null when it is not a replay
 * @param listener       name of the listener that received it ({@code listen --name}), as a shared (PostgreSQL)
 *                       history records it; null when the history records none (an SQLite file, rows from before
 *                       names were kept, a delivery not yet stored)
 */
public record StoredDelivery(
        long seq,
        String id,
        Instant receivedAt,
        String kind,
        String provider,
        String method,
        String path,
        String query,
        List<Header> headers,
        byte[] body,
        String eventType,
        String eventId,
        Boolean verified,
        String reason,
        String verification,
        byte[] decrypted,
        boolean duplicate,
        int status,
        List<Header> responseHeaders,
        byte[] responseBody,
        String forwardedTo,
        Integer forwardStatus,
        String forwardError,
        long latencyMicros,
        String replayOf,
        String listener) {

    public static final String DELIVERY = "delivery";
    public static final String HANDSHAKE = "handshake";
    public static final String REPLAY = "replay";
    public static final String OAUTH = "oauth";
    /** The allowed values of {@link #kind()}. */
    public static final Set<String> KINDS = Set.of(DELIVERY, HANDSHAKE, REPLAY, OAUTH);

    private static final char[] ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 2020-01-01T00:00:00Z: the leading part of an id counts milliseconds from here (43 bits last 278 years). */
    private static final long ID_EPOCH_MILLIS = 1_577_836_800_000L;
    /** Random bits under the time in the leading part of an id, which fits a positive long (13 characters). */
    private static final int ID_RANDOM_BITS = 20;
    private static final int ID_LEAD_CHARS = 13;
    private static final int ID_TAIL_CHARS = 3;
    /** The last id made in this process, as a number, so that the next one is larger. */
    private static final AtomicLong LAST_ID = new AtomicLong();

    /** One HTTP header line: a name and its value exactly as received. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    public StoredDelivery {
        if (seq < 0) {
            throw new IllegalArgumentException("delivery: seq " + seq + " is negative");
        }
        if (id != null && (id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("delivery: id '" + id + "' is not 1-64 printable ASCII characters");
        }
        Objects.requireNonNull(receivedAt, "delivery: receivedAt");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("delivery: kind '" + kind + "' is not one of " + KINDS);
        }
        Objects.requireNonNull(method, "delivery: method");
        Objects.requireNonNull(path, "delivery: path");
        headers = List.copyOf(Objects.requireNonNull(headers, "delivery: headers"));
        body = Objects.requireNonNull(body, "delivery: body").clone();
        decrypted = decrypted == null ? null : decrypted.clone();
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("delivery: status " + status + " is not 0 or 100-599");
        }
        responseHeaders = List.copyOf(Objects.requireNonNull(responseHeaders, "delivery: responseHeaders"));
        responseBody = Objects.requireNonNull(responseBody, "delivery: responseBody").clone();
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("delivery: latencyMicros " + latencyMicros + " is negative");
        }
    }

    /**
     * A fresh id: {@code d_} and 16 lowercase Crockford base32 characters. The first 13 hold the milliseconds since
     * 2020 and 20 random bits, the last 3 another 15 random bits. Ids sort in the order they were made, so the
     * history's id index grows at its end: a batch of inserts touches a page or two of it instead of one page per
     * row, which would double the bytes written to the WAL for each delivery. The random end tells apart
     * deliveries of the same moment, and {@link DeliveryStore#find} accepts it instead of the whole id. Ids made in
     * one process never repeat: when the clock has not moved on (or went back), the leading part is the last
     * one's plus one.
     */
    public static String newId() {
        return newId(RANDOM);
    }

    /**
     * A fresh id in the same form, drawn from {@code random}: for callers that need ids unique but not secret and
     * cannot afford {@link SecureRandom}'s shared lock on every request.
     */
    public static String newId(RandomGenerator random) {
        long fresh = ((System.currentTimeMillis() - ID_EPOCH_MILLIS) << ID_RANDOM_BITS)
                | (random.nextLong() & ((1L << ID_RANDOM_BITS) - 1));
        long lead = LAST_ID.accumulateAndGet(fresh, (last, next) -> next > last ? next : last + 1);
        int tail = random.nextInt(1 << (5 * ID_TAIL_CHARS));
        char[] out = new char[2 + ID_LEAD_CHARS + ID_TAIL_CHARS];
        out[0] = 'd';
        out[1] = '_';
        base32(out, 2, ID_LEAD_CHARS, lead);
        base32(out, 2 + ID_LEAD_CHARS, ID_TAIL_CHARS, tail);
        return new String(out);
    }

    /** Writes the low {@code 5 * count} bits of {@code value} into {@code out[from..from+count)}, high bits first. */
    private static void base32(char[] out, int from, int count, long value) {
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = ID_ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }

    /** A builder with kind {@code delivery}, method {@code POST}, path {@code /}, empty headers and bodies. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this delivery, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This delivery with the given seq and id (used by the store when it saves). */
    StoredDelivery withSeqAndId(long newSeq, String newId) {
        return toBuilder().seq(newSeq).id(newId).build();
    }

    /**
     * This delivery with the given seq, id, duplicate mark and listener name, in one copy (used by the store when it
     * inserts).
     */
    StoredDelivery withSeqIdDuplicateAndListener(long newSeq, String newId, boolean newDuplicate, String newListener) {
        return toBuilder().seq(newSeq).id(newId).duplicate(newDuplicate).listener(newListener).build();
    }

    /**
     * Whether later deliveries of the same event are duplicates of this one: it was accepted, that is not refused
     * by a check (a bad signature, a missing API key answered 4xx). A delivery that failed a check but was
     * answered 2xx anyway ({@code --no-verify}) counts; so does one answered with a simulated failure, which the
     * provider will deliver again.
     */
    public boolean countsForDuplicates() {
        return !Boolean.FALSE.equals(verified) || (status >= 200 && status < 300);
    }

    /** This delivery with the given duplicate flag. */
    StoredDelivery withDuplicate(boolean newDuplicate) {
        return newDuplicate == duplicate ? this : toBuilder().duplicate(newDuplicate).build();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] decrypted() {
        return decrypted == null ? null : decrypted.clone();
    }

    @Override
    public byte[] responseBody() {
        return responseBody.clone();
    }

    /** The body's length without copying it. */
    public int bodyLength() {
        return body.length;
    }

    /** The first header with this name (case-insensitive), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    // Package-private, copy-free access for the store's writer.
    byte[] bodyBytes() {
        return body;
    }

    byte[] decryptedBytes() {
        return decrypted;
    }

    byte[] responseBodyBytes() {
        return responseBody;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredDelivery d
                && seq == d.seq && duplicate == d.duplicate && status == d.status && latencyMicros == d.latencyMicros
                && Objects.equals(id, d.id) && receivedAt.equals(d.receivedAt) && kind.equals(d.kind)
                && Objects.equals(provider, d.provider) && method.equals(d.method) && path.equals(d.path)
                && Objects.equals(query, d.query) && headers.equals(d.headers) && Arrays.equals(body, d.body)
                && Objects.equals(eventType, d.eventType) && Objects.equals(eventId, d.eventId)
                && Objects.equals(verified, d.verified) && Objects.equals(reason, d.reason)
                && Objects.equals(verification, d.verification) && Arrays.equals(decrypted, d.decrypted)
                && responseHeaders.equals(d.responseHeaders) && Arrays.equals(responseBody, d.responseBody)
                && Objects.equals(forwardedTo, d.forwardedTo) && Objects.equals(forwardStatus, d.forwardStatus)
                && Objects.equals(forwardError, d.forwardError) && Objects.equals(replayOf, d.replayOf)
                && Objects.equals(listener, d.listener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, id, receivedAt, kind, provider, method, path, eventType, eventId, status)
                * 31 + Arrays.hashCode(body);
    }

    /** A one-line summary; bodies are given by length only. */
    @Override
    public String toString() {
        return "StoredDelivery[seq=" + seq + ", id=" + id + ", receivedAt=" + receivedAt + ", kind=" + kind
                + ", provider=" + provider + ", " + method + " " + path + (query == null ? "" : "?" + query)
                + ", eventType=" + eventType + ", eventId=" + eventId + ", verified=" + verified
                + ", duplicate=" + duplicate + ", status=" + status + ", body=" + body.length + " bytes]";
    }

    /** Fills a {@link StoredDelivery} step by step; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private long seq;
        private String id;
        private Instant receivedAt;
        private String kind = DELIVERY;
        private String provider;
        private String method = "POST";
        private String path = "/";
        private String query;
        private List<Header> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private String eventType;
        private String eventId;
        private Boolean verified;
        private String reason;
        private String verification;
        private byte[] decrypted;
        private boolean duplicate;
        private int status;
        private List<Header> responseHeaders = new ArrayList<>();
        private byte[] responseBody = new byte[0];
        private String forwardedTo;
        private Integer forwardStatus;
        private String forwardError;
        private long latencyMicros;
        private String replayOf;
        private String listener;

        private Builder() {
        }

        private Builder(StoredDelivery d) {
            seq = d.seq;
            id = d.id;
            receivedAt = d.receivedAt;
            kind = d.kind;
            provider = d.provider;
            method = d.method;
            path = d.path;
            query = d.query;
            headers = new ArrayList<>(d.headers);
            body = d.body;
            eventType = d.eventType;
            eventId = d.eventId;
            verified = d.verified;
            reason = d.reason;
            verification = d.verification;
            decrypted = d.decrypted;
            duplicate = d.duplicate;
            status = d.status;
            responseHeaders = new ArrayList<>(d.responseHeaders);
            responseBody = d.responseBody;
            forwardedTo = d.forwardedTo;
            forwardStatus = d.forwardStatus;
            forwardError = d.forwardError;
            latencyMicros = d.latencyMicros;
            replayOf = d.replayOf;
            listener = d.listener;
        }

        public Builder seq(long seq) {
            this.seq = seq;
            return this;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** Replaces all request headers. */
        public Builder headers(List<Header> headers) {
            this.headers = new ArrayList<>(headers);
            return this;
        }

        /** Appends one request header after those already set. */
        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /** The raw request body; the array is copied when {@link #build()} runs. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder verified(Boolean verified) {
            this.verified = verified;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder verification(String verificationJson) {
            this.verification = verificationJson;
            return this;
        }

        public Builder decrypted(byte[] decrypted) {
            this.decrypted = decrypted;
            return this;
        }

        public Builder duplicate(boolean duplicate) {
            this.duplicate = duplicate;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /** Replaces all response headers. */
        public Builder responseHeaders(List<Header> responseHeaders) {
            this.responseHeaders = new ArrayList<>(responseHeaders);
            return this;
        }

        /** Appends one response header after those already set. */
        public Builder responseHeader(String name, String value) {
            responseHeaders.add(new Header(name, value));
            return this;
        }

        public Builder responseBody(byte[] responseBody) {
            this.responseBody = responseBody;
            return this;
        }

        public Builder forwardedTo(String forwardedTo) {
            this.forwardedTo = forwardedTo;
            return this;
        }

        public Builder forwardStatus(Integer forwardStatus) {
            this.forwardStatus = forwardStatus;
            return this;
        }

        public Builder forwardError(String forwardError) {
            this.forwardError = forwardError;
            return this;
        }

        public Builder latencyMicros(long latencyMicros) {
            this.latencyMicros = latencyMicros;
            return this;
        }

        public Builder replayOf(String replayOf) {
            this.replayOf = replayOf;
            return this;
        }

        public Builder listener(String listener) {
            this.listener = listener;
            return this;
        }

        public StoredDelivery build() {
            return new StoredDelivery(seq, id, receivedAt, kind, provider, method, path, query, headers, body,
                    eventType, eventId, verified, reason, verification, decrypted, duplicate, status,
                    responseHeaders, responseBody, forwardedTo, forwardStatus, forwardError, latencyMicros,
                    replayOf, listener);
        }
    }
}
