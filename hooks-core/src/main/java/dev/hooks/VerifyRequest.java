package dev.hooks;

import dev.hooks.scheme.Headers;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.scheme.Verification;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Verifies received deliveries of one provider; made by {@link Hooks#verifier}. By default the timestamp must be
 * within the provider's tolerance of now (where the provider sends one).
 */
public final class VerifyRequest {
    private final String provider;
    private final String secret;
    private String url;
    private Duration tolerance;
    private boolean checkTimestamp = true;
    private Path providersDir;
    private Clock clock = Clock.systemUTC();

    VerifyRequest(String provider, String secret) {
        this.provider = provider;
        this.secret = secret;
    }

    /** The URL the delivery was sent to, for providers that sign it: the public URL, as the sender saw it. */
    public VerifyRequest url(URI url) {
        this.url = url == null ? null : url.toString();
        return this;
    }

    /** The URL the delivery was sent to, as text. */
    public VerifyRequest url(String url) {
        this.url = url;
        return this;
    }

    /** How far the delivery's timestamp may be from now; default: the provider's own tolerance. */
    public VerifyRequest tolerance(Duration tolerance) {
        this.tolerance = tolerance;
        this.checkTimestamp = true;
        return this;
    }

    /** Accepts any timestamp: for recorded deliveries verified later. */
    public VerifyRequest anyTimestamp() {
        this.checkTimestamp = false;
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public VerifyRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /** The clock the timestamp is judged against. */
    public VerifyRequest clock(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
        return this;
    }

    /**
     * Checks the signature over {@code body}, the bytes exactly as received.
     *
     * @param headers the received headers; names are matched without regard to case
     * @throws HooksException when the provider is unknown or the secret is missing or malformed
     */
    public VerifyResult verify(Map<String, String> headers, byte[] body) {
        Profile profile = Catalogs.profile(provider, providersDir);
        if (profile.signature().none()) {
            return new VerifyResult(false, "provider '" + provider + "' does not sign its deliveries", "none", null);
        }
        SignatureScheme scheme = SignatureScheme.of(profile, secret);
        Duration window = !checkTimestamp ? null : tolerance != null ? tolerance : scheme.tolerance();
        Verification v = scheme.verify(body == null ? new byte[0] : body, Headers.of(headers == null ? Map.of() : headers),
                url, clock.instant(), window);
        return new VerifyResult(v.isValid(), v.reason(), v.algorithm(), v.signedContent());
    }
}
