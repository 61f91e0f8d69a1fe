package dev.hooks.junit;

import dev.hooks.store.StoredDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request a {@link HooksReceiver} received, and what it answered: the method, path, headers and body exactly as
 * they arrived, what verification found, the decrypted body, and the status sent back (a simulated failure
 * included). Immutable and safe to share between threads; the byte arrays are copies.
 *
 * <p>Credentials the receiver was configured with never appear here: the {@link Receive#apiKey()} header (and an
 * {@code Authorization} header) reads {@code [redacted]}, and the key is replaced wherever else it occurs.
 */
public final class ReceivedDelivery {
    private final StoredDelivery record;
    private final boolean simulated;
    private final int attempt;
    private final int sequence;
    private final Map<String, String> headers;

    ReceivedDelivery(StoredDelivery record, boolean simulated, int attempt, int sequence) {
        this.record = record;
        this.simulated = simulated;
        this.attempt = attempt;
        this.sequence = sequence;
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (StoredDelivery.Header header : record.headers()) {
            h.merge(header.name(), header.value(), (a, b) -> a + ", " + b);
        }
        this.headers = Collections.unmodifiableMap(h);
    }

    /**
     * The provider the delivery was for: the one served at its path, or recognised from its headers on the main path.
     *
     * @return the provider's name, or null when the request reached no provider (a path not served, say)
     */
    public String provider() {
        return record.provider();
    }

    /**
     * The event type read from the payload (or the provider's event header).
     *
     * @return the event type, such as {@code employee.updated}, or null when it could not be read
     */
    public String eventType() {
        return record.eventType();
    }

    /**
     * The provider's event id, read from the payload (or the provider's id header); retries of one event carry the
     * same id.
     *
     * @return the event id, or null when there is none
     */
    public String eventId() {
        return record.eventId();
    }

    /**
     * Whether every check the receiver made passed: the signature, over the raw bytes received, and the API key when
     * {@link Receive#apiKey()} requires one. False when a check failed ({@link #reason()} says which), and also when
     * there was nothing to check (a provider that does not sign, no API key required).
     *
     * @return true when the delivery verified
     */
    public boolean verified() {
        return Boolean.TRUE.equals(record.verified());
    }

    /**
     * Why the delivery did not verify or was refused (a signature mismatch, a missing API key, a malformed body), or
     * why it was answered with a failure on purpose.
     *
     * @return the reason, or null when there is nothing to say
     */
    public String reason() {
        return record.reason(); // worded by the engine in @Receive's terms (ReceiverConfig)
    }

    /**
     * The request headers as received; names are looked up without regard to case, and a header sent several times
     * has its values joined with {@code ", "} (see {@link #headers(String)} for each).
     *
     * @return an unmodifiable map of header names to values
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Every value of one header, in the order received.
     *
     * @param name the header's name, matched without regard to case
     * @return the values, empty when the header was not sent
     */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (StoredDelivery.Header h : record.headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return List.copyOf(out);
    }

    /**
     * One header's value.
     *
     * @param name the header's name, matched without regard to case
     * @return its value (values joined with {@code ", "} when sent several times), or null when it was not sent
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * The request's body exactly as received, before any decryption: the bytes its signature was checked over.
     * (What the receiver answered is {@link #responseText()}.)
     *
     * @return a copy of the raw bytes
     */
    public byte[] rawBody() {
        return record.body();
    }

    /**
     * {@link #rawBody()} read as UTF-8.
     *
     * @return the raw body as text
     */
    public String rawBodyText() {
        return new String(record.body(), StandardCharsets.UTF_8);
    }

    /**
     * The decrypted body for a provider that encrypts (Teal with {@link Receive#encryptionKey()}); the body as
     * received otherwise.
     *
     * @return a copy of the plaintext bytes
     */
    public byte[] plaintext() {
        byte[] d = record.decrypted();
        return d != null ? d : record.body();
    }

    /**
     * {@link #plaintext()} read as UTF-8: the payload a receiver's code would parse.
     *
     * @return the plaintext as text
     */
    public String plaintextText() {
        return new String(plaintext(), StandardCharsets.UTF_8);
    }

    /**
     * Whether the body was decrypted (so {@link #plaintext()} differs from {@link #rawBody()}).
     *
     * @return true when the receiver decrypted the body
     */
    public boolean decrypted() {
        return record.decrypted() != null;
    }

    /**
     * How the body fared against its event's JSON Schema: {@code valid}, {@code invalid}, or {@code none} when the
     * event has no schema (or the delivery was not verified, so it was not checked).
     *
     * @return the verdict
     */
    public String schema() {
        return dev.hooks.store.SchemaReport.verdict(record);
    }

    /**
     * What the body breaks in its event's JSON Schema, one {@code /pointer: message} per error (the first 20);
     * empty unless {@link #schema()} is {@code invalid}.
     *
     * @return the errors
     */
    public List<String> schemaErrors() {
        return List.copyOf(dev.hooks.store.SchemaReport.lines(record));
    }

    /**
     * The status the receiver answered, simulated failures included.
     *
     * @return the HTTP status
     */
    public int status() {
        return record.status();
    }

    /**
     * The body the receiver answered: a short JSON acknowledgement, or the one-line reason of a refusal.
     *
     * @return the response body as UTF-8 text
     */
    public String responseText() {
        return new String(record.responseBody(), StandardCharsets.UTF_8);
    }

    /**
     * Whether the answer was a failure on purpose ({@link Receive#failFirst()}, {@link Receive#failRate()}, or a
     * {@link Receive#answerStatus()} of 300 or more) rather than the outcome of a check.
     *
     * @return true for a simulated failure
     */
    public boolean simulated() {
        return simulated;
    }

    /**
     * Whether the receiver refused the delivery: answered 400 or more because a check failed or the request was
     * malformed or misdirected (not a simulated failure). A refused delivery is never returned by
     * {@link HooksReceiver#awaitDelivery}; {@link HooksReceiver#awaitRefused} returns it.
     *
     * @return true when refused
     */
    public boolean refused() {
        return isRefused(record, simulated);
    }

    /**
     * Which delivery of its event this was at this receiver: 1 for the first with its provider and event id, 2 for
     * the first retry, and so on (refused ones count too).
     *
     * @return the attempt number, or 0 when the delivery has no event id
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The HTTP method, such as {@code POST}.
     *
     * @return the method
     */
    public String method() {
        return record.method();
    }

    /**
     * The request path without the query, such as {@code /webhook} or {@code /paismo}.
     *
     * @return the path
     */
    public String path() {
        return record.path();
    }

    /**
     * The raw query string, without {@code ?}.
     *
     * @return the query, or null when there was none
     */
    public String query() {
        return record.query();
    }

    /**
     * What the request was: {@code delivery}, or {@code handshake} for a provider's URL verification (answered by
     * the receiver, never returned by {@link HooksReceiver#awaitDelivery}).
     *
     * @return the kind of request
     */
    public String kind() {
        return record.kind();
    }

    /**
     * Whether an earlier accepted delivery had the same provider and event id.
     *
     * @return true for a repeat of an event already accepted
     */
    public boolean duplicate() {
        return record.duplicate();
    }

    /**
     * The receiver's own id for this request.
     *
     * @return an id such as {@code d_7k2m9q4r8t1vx3z}
     */
    public String id() {
        return record.id();
    }

    /**
     * When the request arrived.
     *
     * @return the arrival time
     */
    public Instant receivedAt() {
        return record.receivedAt();
    }

    /**
     * The request's place in the order of arrival at its receiver, from 1.
     *
     * @return the sequence number
     */
    public int sequence() {
        return sequence;
    }

    /** The request on one line: method, path, provider, event, the status answered and why. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(method()).append(' ').append(path()).append(query() == null ? "" : "?" + query());
        if (provider() != null) {
            b.append(" [").append(provider());
            if (!StoredDelivery.DELIVERY.equals(kind())) {
                b.append(' ').append(kind());
            }
            if (eventType() != null) {
                b.append(' ').append(eventType());
            }
            if (eventId() != null) {
                b.append(" id ").append(eventId());
            }
            b.append(']');
        }
        b.append(" → ").append(status());
        if (refused()) {
            b.append(" refused");
        } else if (simulated) {
            b.append(" simulated failure");
        } else if (verified()) {
            b.append(" verified");
        } else if (StoredDelivery.DELIVERY.equals(kind())) {
            b.append(" accepted unverified");
        }
        String r = reason();
        if (r != null) {
            b.append(": ").append(r);
        }
        if (attempt > 1) {
            b.append(" (attempt ").append(attempt).append(')');
        }
        return b.toString();
    }

    StoredDelivery record() {
        return record;
    }

    static boolean isRefused(StoredDelivery record, boolean simulated) {
        return !simulated && record.status() >= 400;
    }
}
