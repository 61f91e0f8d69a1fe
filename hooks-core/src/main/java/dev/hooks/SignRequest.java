package dev.hooks;

import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * Signs bodies as one provider does, with an id, timestamp or URL of one's choosing; made by
 * {@link Hooks#signer}. Not thread-safe while being set up; {@link #sign} may be called from any thread after.
 */
public final class SignRequest {
    private final String provider;
    private final String secret;
    private String id;
    private Instant timestamp;
    private String url;
    private Path providersDir;
    private Clock clock = Clock.systemUTC();

    SignRequest(String provider, String secret) {
        this.provider = provider;
        this.secret = secret;
    }

    /** The delivery id to send and sign (for providers with an id header); default: the body's own id or a fresh one. */
    public SignRequest id(String id) {
        this.id = id;
        return this;
    }

    /** The time to stamp the delivery with; default: now. */
    public SignRequest timestamp(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** The URL the delivery goes to, for providers that sign it (Paxos signs the request URL). */
    public SignRequest url(URI url) {
        this.url = url == null ? null : url.toString();
        return this;
    }

    /** The URL the delivery goes to, as text. */
    public SignRequest url(String url) {
        this.url = url;
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public SignRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /** The clock "now" comes from when no timestamp is given. */
    public SignRequest clock(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
        return this;
    }

    /**
     * The headers the provider sends with {@code body}, in the order it sends them.
     *
     * @throws HooksException when the provider is unknown, needs a secret that is missing, or the secret is malformed
     */
    public Map<String, String> sign(byte[] body) {
        Profile profile = Catalogs.profile(provider, providersDir);
        SignatureScheme scheme = SignatureScheme.of(profile, secret);
        String ts = SignatureScheme.formatTimestamp(timestamp != null ? timestamp : clock.instant(),
                profile.timestamp().format());
        String deliveryId = id != null ? id : DeliveryIds.forBody(profile, body);
        return Collections.unmodifiableMap(scheme.sign(body, deliveryId, ts, url).headers());
    }
}
