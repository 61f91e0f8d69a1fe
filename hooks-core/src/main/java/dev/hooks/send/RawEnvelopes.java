package dev.hooks.send;

import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.Profile;

/**
 * A body sent exactly as given ({@code --body-file}): no rendering, no edits, the same bytes on every attempt. The
 * delivery id is read from the body where the profile says so, otherwise fresh for each delivery.
 */
public final class RawEnvelopes implements Sender.EnvelopeSource {
    private final Profile profile;
    private final byte[] body;
    private final String eventType;

    public RawEnvelopes(Profile profile, byte[] body, String eventType) {
        this.profile = profile;
        this.body = body.clone();
        this.eventType = eventType;
    }

    @Override
    public Envelope next(long n) {
        String id = DeliveryIds.forBody(profile, body);
        String idPath = profile.envelope().eventId();
        String eventId = idPath == null || idPath.isEmpty() ? null : DeliveryIds.field(body, idPath);
        return new FixedEnvelope(body, eventType, eventId, id);
    }
}
