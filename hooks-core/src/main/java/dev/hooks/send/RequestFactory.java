package dev.hooks.send;

import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an envelope into the request a provider sends, all from its profile: the constant headers, the id and
 * timestamp headers, the event type header, encryption (encrypt, then sign what is sent, IV in its header), the
 * signature headers, and the authentication headers. Each attempt is signed afresh with the current time; the
 * delivery id stays the same. Thread-safe: load runs call it from every worker.
 */
public final class RequestFactory {
    /** What the request says about its sender when the profile does not name one. */
    public static final String USER_AGENT = "hooks/" + version();

    private final Profile profile;
    private final SignatureScheme scheme;
    private final PayloadEncryption encryption;
    private final Authenticator auth;
    private final URI url;
    private final Clock clock;

    /** @param encryption null to send the body in the clear */
    public RequestFactory(Profile profile, SignatureScheme scheme, PayloadEncryption encryption, Authenticator auth,
                          URI url, Clock clock) {
        this.profile = profile;
        this.scheme = scheme;
        this.encryption = encryption;
        this.auth = auth == null ? Authenticator.NONE : auth;
        this.url = url;
        this.clock = clock;
    }

    public Profile profile() {
        return profile;
    }

    public URI url() {
        return url;
    }

    public Authenticator auth() {
        return auth;
    }

    /** The request for attempt {@code attempt} of a delivery, without authentication headers. */
    public OutgoingRequest build(Envelope envelope, int attempt) {
        byte[] body = envelope.body(attempt);
        String iv = null;
        if (encryption != null) {
            PayloadEncryption.Encrypted e = encryption.encrypt(body, null);
            body = e.body();
            iv = e.ivBase64();
        }
        String timestamp = SignatureScheme.formatTimestamp(clock.instant(), profile.timestamp().format());
        SignatureScheme.Signed signed = scheme.sign(body, envelope.deliveryId(), timestamp, url.toString());
        List<OutgoingRequest.Header> headers = new ArrayList<>(signed.headers().size() + 4);
        boolean userAgent = false;
        for (Map.Entry<String, String> h : signed.headers().entrySet()) {
            headers.add(new OutgoingRequest.Header(h.getKey(), h.getValue()));
            userAgent |= h.getKey().equalsIgnoreCase("User-Agent");
        }
        String typeHeader = profile.envelope().eventTypeHeader();
        if (typeHeader != null && envelope.eventType() != null) {
            headers.add(new OutgoingRequest.Header(typeHeader, envelope.eventType()));
        }
        if (iv != null) {
            headers.add(new OutgoingRequest.Header(encryption.ivHeader(), iv));
        }
        if (!userAgent) {
            headers.add(new OutgoingRequest.Header("User-Agent", USER_AGENT));
        }
        return new OutgoingRequest("POST", url, headers, body);
    }

    /** Adds the authentication headers to a built request; may fetch a token. */
    public OutgoingRequest authenticate(OutgoingRequest request) {
        List<OutgoingRequest.Header> extra = auth.headers();
        if (extra.isEmpty()) {
            return request;
        }
        List<OutgoingRequest.Header> headers = new ArrayList<>(request.headers());
        headers.addAll(extra);
        return new OutgoingRequest(request.method(), request.uri(), headers, request.body());
    }

    private static String version() {
        String v = RequestFactory.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1";
    }
}
