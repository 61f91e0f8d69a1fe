package dev.hooks;

import dev.hooks.scheme.Profile;
import dev.hooks.send.Exchange;
import dev.hooks.send.Handshake;
import dev.hooks.send.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The provider's URL verification handshake (Paismo's challenge, Slack's url_verification, Zoom's
 * endpoint.url_validation, ...) sent to a receiver and judged as the provider would; made by {@link Hooks#handshake}.
 */
public final class HandshakeRequest {
    private final String provider;
    private String secret;
    private Duration timeout = Duration.ofSeconds(30);
    private Path providersDir;

    HandshakeRequest(String provider) {
        this.provider = provider;
    }

    /** The signing secret: needed where the handshake is signed or computed from it (Slack, Zoom). */
    public HandshakeRequest secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** How long to wait for the answer. */
    public HandshakeRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public HandshakeRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /**
     * Sends the handshake to {@code url} and judges the answer.
     *
     * @throws HooksException when the provider has no handshake or needs a secret that is missing
     */
    public HandshakeResult to(URI url) {
        Profile profile = Catalogs.profile(provider, providersDir);
        Handshake handshake = new Handshake(profile, secret, Clock.systemUTC());
        try (HttpTransport transport = new HttpTransport(timeout, false, Clock.systemUTC())) {
            Handshake.Result r = handshake.run(transport, url);
            Exchange x = r.exchange();
            return new HandshakeResult(r.passed(), r.reason(), x == null ? 0 : x.status(),
                    x == null || x.responseBody() == null ? "" : new String(x.responseBody(), StandardCharsets.UTF_8),
                    x == null ? new byte[0] : x.request().body());
        }
    }

    /** Sends the handshake to {@code url}, given as text. */
    public HandshakeResult to(String url) {
        return to(URI.create(url));
    }
}
