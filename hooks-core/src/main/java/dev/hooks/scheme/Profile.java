package dev.hooks.scheme;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A provider as data: how it signs, encrypts, proves a URL, authenticates and retries (see PROFILE.md).
 * Built by {@link ProfileParser}, which validates every field; the records only hold checked values.
 *
 * @param schemas per event type, a JSON Schema: an inline schema (a {@link Map} as {@link Json} reads it) or a path
 *     relative to the profile's file, optionally with a {@code #/json/pointer} fragment; empty when there are none.
 *     Only references: {@code dev.hooks.schema.EventSchemas} reads and compiles them when a body is checked
 * @param source where the profile came from ({@code built-in} or a file path), for messages
 */
public record Profile(
        String name,
        String description,
        List<String> detect,
        Map<String, String> headers,
        IdSpec id,
        TimestampSpec timestamp,
        SignatureSpec signature,
        EncryptionSpec encryption,
        HandshakeSpec handshake,
        AuthSpec auth,
        DeliverySpec delivery,
        EnvelopeSpec envelope,
        String samples,
        EmulateSpec emulate,
        Map<String, Object> schemas,
        String source) {

    /** Where the delivery id goes and, for senders, where in the body it comes from. */
    public record IdSpec(String header, String from, String prefix) {}

    /** Where the delivery time goes and how it is written: {@code unix}, {@code unix-ms} or {@code iso8601}. */
    public record TimestampSpec(String header, String format) {}

    /**
     * How a body is signed.
     *
     * @param tolerance how far the timestamp may be from now; null means no check
     * @param rejectFuture false when only too-old timestamps are rejected (Stripe)
     * @param status the HTTP status receivers answer for a missing or bad signature
     * @param keyed variants chosen by the secret's prefix, such as Ed25519 keys {@code whsk_}/{@code whpk_}
     * @param bodyEncoding {@code raw} signs the bytes as received; {@code ascii} signs the body as .NET's
     *     {@code Encoding.ASCII} turns its text into bytes (each UTF-16 unit outside ASCII becomes {@code ?})
     * @param alsoAccept further header value templates that verification accepts when {@code value} does not read
     *     the header (a receiver-side tool's form, such as a bare hex digest); signing always writes {@code value}
     */
    public record SignatureSpec(
            String algorithm,
            String key,
            String signed,
            String header,
            String value,
            String separator,
            Duration tolerance,
            boolean rejectFuture,
            int status,
            List<KeyedVariant> keyed,
            String bodyEncoding,
            List<String> alsoAccept) {

        public boolean none() {
            return "none".equals(algorithm);
        }
    }

    /** A signature variant used when the secret starts with {@code prefix}; {@code verifyOnly} marks public keys. */
    public record KeyedVariant(String prefix, String algorithm, String key, String value, boolean verifyOnly) {}

    /** AES-256-GCM payload encryption: IV header and size, body encoding ({@code base64} or {@code raw}), order. */
    public record EncryptionSpec(String algorithm, String ivHeader, int ivBytes, String body, String order) {}

    /** How the provider proves a URL before sending to it. */
    public record HandshakeSpec(String kind, String header, String headerValue, String field) {
        public boolean none() {
            return "none".equals(kind);
        }
    }

    /** How the sender authenticates to the receiver: {@code none}, {@code api-key} or {@code oauth2-client-credentials}. */
    public record AuthSpec(String kind, String header, String tokenUrl) {}

    /**
     * Retry behaviour: delays between attempts (the first is {@code 0s}), what counts as success, statuses that
     * stop retrying, the per-request timeout, and consecutive failures before a subscription is marked failed.
     */
    public record DeliverySpec(
            List<Duration> schedule, String success, List<Integer> stopOn, Duration timeout, int failureLimit) {}

    /**
     * The shape of the body: how it is serialised ({@code compact}, {@code pretty}, {@code newtonsoft}) and the dotted
     * paths of the data part, the event type, the event id and the attempt counter inside it; an empty data path
     * means the envelope carries no data part. {@code eventTypeHeader} names a header that carries the event type
     * (GitHub, Shopify) when the body does not. {@code payload} is the dotted path of the part a subscription can
     * leave out (Teal's {@code include_payload} off: {@code data.payload}); null when there is no such option.
     */
    /**
     * The sample envelope's shape.
     *
     * @param fresh the body's ids and times that a re-signed replay gives fresh values: dotted path to a sample
     *     placeholder ({@code "event_id": "{{uuid}}"}, {@code "timestamp": "{{now:iso}}"}), in order; empty when the
     *     body is sent again as it was
     */
    public record EnvelopeSpec(
            String format, String data, String eventType, String eventId, String attempt, String eventTypeHeader,
            String payload, Map<String, String> fresh) {}

    /**
     * How {@code hooks emulate} serves this provider's webhook management API; null when it cannot be emulated.
     *
     * @param api the shape of the API's documents: {@code paismo}, {@code teal}, {@code aspnet} (the ASP.NET WebHooks
     *     registration model) or {@code paxos}
     * @param base the path of the subscription collection, such as {@code /v1/webhooks}
     * @param keyHeader the provider's own credential header, accepted beside a bearer token; null when none
     * @param keyHeaderRequired true when the API asks for the bearer token and the header together (Paycor)
     * @param verify {@code endpoint} (a verify call sends the handshake), {@code on-register} (registering sends
     *     it and fails when it fails), or {@code none}
     * @param retention how long delivery attempts stay in the log
     * @param deliveryId the dotted path of the per-delivery id in the envelope, set afresh for each subscription;
     *     null when the envelope's id is the event's
     * @param thin where deliveries carry only these top-level fields and the full event is fetched (Paxos); empty
     *     for full deliveries
     * @param eventsPath the Get Event path ({@code /v2/events}), or null
     * @param tokenPath the OAuth client-credentials token path of the emulated API, or null
     * @param catalogPath the path listing the events one can subscribe to, or null
     * @param pausedByDefault whether a new subscription starts paused unless it says otherwise (ASP.NET's
     *     {@code IsPaused})
     */
    public record EmulateSpec(String api, String base, String keyHeader, boolean keyHeaderRequired, String verify,
                              Duration retention, String deliveryId, List<String> thin, String eventsPath,
                              String tokenPath, String catalogPath, boolean pausedByDefault) {}

    public boolean encrypts() {
        return encryption != null;
    }
}
