package dev.hooks.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.DottedPath;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.SampleEnvelopes;
import dev.hooks.store.StoredDelivery;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recorded request made again: the one replay mechanism behind {@code hooks events replay}, the inspector's
 * replay buttons and {@code r} in {@code hooks listen}.
 *
 * <p>{@link #request} builds what to send: the recorded method, headers in order and body bytes (or an edited
 * body), minus the headers the transport writes itself (Host, Content-Length, ...). An edited body of an encrypted
 * delivery is encrypted afresh (new IV) when the key is known, since what is edited is the plaintext. Re-signing
 * signs as the provider would now: the body's ids and times the profile names ({@code envelope.fresh}) given fresh
 * values (unless the body was edited), then the old id, timestamp and signature headers replaced by a fresh id (or
 * the one the profile reads from the body) and the current time. {@link #record} is what the history keeps of the replay:
 * kind {@code replay}, linked to the original by {@code replayOf}.
 */
public final class Replay {
    private Replay() {}

    /**
     * The request to send {@code original} again to {@code url}.
     *
     * @param editedBody the body to send instead of the recorded one (the plaintext, for an encrypted delivery), or null
     * @param resignWith the scheme (with its secret) to sign afresh with, or null to send the recorded headers
     * @param encryption the provider's payload encryption (with its key), or null; used only for an edited body of a
     *                   delivery that was encrypted
     */
    public static OutgoingRequest request(StoredDelivery original, URI url, byte[] editedBody, SignatureScheme resignWith,
            PayloadEncryption encryption, Clock clock) {
        List<OutgoingRequest.Header> recorded = new ArrayList<>();
        original.headers().forEach(h -> recorded.add(new OutgoingRequest.Header(h.name(), h.value())));
        byte[] body = editedBody != null ? editedBody : original.body();
        if (editedBody != null && encryption != null && original.header(encryption.ivHeader()) != null) {
            PayloadEncryption.Encrypted e = encryption.encrypt(editedBody, null);
            body = e.body();
            List<OutgoingRequest.Header> withIv = new ArrayList<>();
            for (OutgoingRequest.Header h : recorded) {
                withIv.add(h.name().equalsIgnoreCase(encryption.ivHeader()) ? new OutgoingRequest.Header(h.name(), e.ivBase64()) : h);
            }
            recorded.clear();
            recorded.addAll(withIv);
        }
        if (resignWith != null && editedBody == null) {
            body = refreshed(resignWith.profile(), body, clock);
        }
        OutgoingRequest request = asRecorded(original.method(), recorded, body, url);
        return resignWith == null ? request : resigned(request, resignWith, clock);
    }

    /**
     * {@code body} with the paths of the profile's {@code envelope.fresh} that it has given fresh values, serialised
     * in the profile's format; as it was when the profile names none, or it is not a JSON object (an encrypted body).
     */
    static byte[] refreshed(Profile profile, byte[] body, Clock clock) {
        Map<String, String> fresh = profile.envelope().fresh();
        if (fresh.isEmpty()) {
            return body;
        }
        JsonNode tree;
        try {
            tree = JsonBody.parse(body, "the recorded body");
        } catch (HooksException notJson) {
            return body;
        }
        if (!(tree instanceof ObjectNode envelope)) {
            return body;
        }
        ObjectNode placeholders = JsonNodeFactory.instance.objectNode();
        fresh.forEach(placeholders::put);
        ObjectNode values = new SampleRenderer(clock, SampleEnvelopes.FAST_RANDOM).render(placeholders);
        boolean changed = false;
        for (String path : fresh.keySet()) {
            if (DottedPath.get(envelope, path).isPresent()) {
                DottedPath.set(envelope, path, values.get(path));
                changed = true;
            }
        }
        return changed ? JsonBody.toBytes(envelope, SampleEnvelopes.style(profile)) : body;
    }

    /** The event id a re-signed request carries: in its body where the profile keeps it, else in its id header. */
    private static String sentEventId(Profile profile, OutgoingRequest sent, String fallback) {
        String path = profile.envelope() == null ? null : profile.envelope().eventId();
        String id = path == null || path.isEmpty() ? null : dev.hooks.scheme.DeliveryIds.field(sent.body(), path);
        if (id == null && profile.id() != null && profile.id().header() != null) {
            for (OutgoingRequest.Header h : sent.headers()) {
                if (h.name().equalsIgnoreCase(profile.id().header())) {
                    id = h.value();
                }
            }
        }
        return id == null ? fallback : id.length() > 200 ? id.substring(0, 200) : id;
    }

    /** The request to send again to {@code url}. */
    public static OutgoingRequest asRecorded(String method, List<OutgoingRequest.Header> recorded, byte[] body, URI url) {
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        for (OutgoingRequest.Header h : recorded) {
            if (!HttpTransport.CLIENT_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                headers.add(h);
            }
        }
        return new OutgoingRequest(method, url, headers, body);
    }

    /** The same request re-signed with a fresh id and timestamp by {@code scheme}. */
    public static OutgoingRequest resigned(OutgoingRequest recorded, SignatureScheme scheme, Clock clock) {
        Profile profile = scheme.profile();
        String id = null;
        if (profile.id().header() != null) {
            id = profile.id().from() != null ? dev.hooks.scheme.DeliveryIds.forBody(profile, recorded.body())
                    : dev.hooks.scheme.DeliveryIds.fresh(profile);
        }
        String ts = SignatureScheme.formatTimestamp(clock.instant(), profile.timestamp().format());
        SignatureScheme.Signed signed = scheme.sign(recorded.body(), id, ts, recorded.uri().toString());
        Set<String> replaced = new java.util.HashSet<>();
        for (String name : signed.headers().keySet()) {
            replaced.add(name.toLowerCase(Locale.ROOT));
        }
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        for (OutgoingRequest.Header h : recorded.headers()) {
            if (!replaced.contains(h.name().toLowerCase(Locale.ROOT))) {
                headers.add(h);
            }
        }
        List<OutgoingRequest.Header> out = new ArrayList<>();
        for (Map.Entry<String, String> e : signed.headers().entrySet()) {
            out.add(new OutgoingRequest.Header(e.getKey(), e.getValue()));
        }
        out.addAll(headers);
        return new OutgoingRequest(recorded.method(), recorded.uri(), out, recorded.body());
    }

    /**
     * What the history keeps of a replay of {@code original}: what was sent, the answer or why there was none, kind
     * {@code replay} and {@code replayOf}. Verified when re-signed; as the original when sent unchanged; unknown
     * (with a reason) when the body was edited and not re-signed.
     *
     * @param provider   the provider it was sent as (the original's unless re-signed as another)
     * @param resignedAs the profile it was re-signed with, or null when it was not: the event id is then the one sent
     *                   (a fresh {@code envelope.fresh} id in the body, or the fresh id header)
     */
    public static StoredDelivery record(StoredDelivery original, Exchange x, String provider, boolean edited,
            Profile resignedAs) {
        boolean resigned = resignedAs != null;
        URI url = x.request().uri();
        List<StoredDelivery.Header> headers = new ArrayList<>();
        x.request().headers().forEach(h -> headers.add(new StoredDelivery.Header(h.name(), h.value())));
        List<StoredDelivery.Header> answer = new ArrayList<>();
        x.responseHeaders().forEach(h -> answer.add(new StoredDelivery.Header(h.name(), h.value())));
        Boolean verified = resigned ? Boolean.TRUE : edited || provider == null ? null : original.verified();
        String reason = resigned ? null : edited
                ? "body edited without re-signing: the recorded signature no longer matches" : original.reason();
        String error = x.answered() ? null : x.failure().message();
        return StoredDelivery.builder()
                .receivedAt(x.sentAt())
                .kind(StoredDelivery.REPLAY)
                .provider(provider)
                .method(x.request().method())
                .path(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                .query(url.getRawQuery())
                .headers(headers)
                .body(x.request().body())
                .eventType(original.eventType())
                .eventId(resigned ? sentEventId(resignedAs, x.request(), original.eventId()) : original.eventId())
                .verified(verified)
                .reason(error != null ? "replay failed: " + error : reason)
                .status(x.answered() ? x.status() : 0)
                .responseHeaders(answer)
                .responseBody(x.responseBody())
                .forwardedTo(url.toString())
                .forwardStatus(x.answered() ? x.status() : null)
                .forwardError(error)
                .latencyMicros(x.latencyNanos() / 1000)
                .replayOf(original.id())
                .build();
    }
}
