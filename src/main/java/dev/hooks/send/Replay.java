package dev.hooks.send;

import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recorded request made again: as recorded (method, headers in order, body bytes), or re-signed as the provider
 * would sign it now: the old id, timestamp and signature headers replaced by a fresh id (unless the profile reads it
 * from the body) and the current time. Headers the transport writes itself (Host, Content-Length, ...) are dropped.
 */
public final class Replay {
    private Replay() {}

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
}
