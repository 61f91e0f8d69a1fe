package dev.hooks;

import dev.hooks.check.Check;
import dev.hooks.check.CheckReport;
import dev.hooks.check.ReceiverCheck;
import dev.hooks.scheme.Profile;
import dev.hooks.send.Credentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Judges a webhook receiver as {@code hooks check} does: every check that applies to the provider (verification,
 * raw bytes, stale timestamps, duplicates, retries, latency, the handshake, ...), each a real delivery or a
 * deliberately bad one; made by {@link Hooks#check}.
 *
 * <pre>{@code
 * CheckReport report = Hooks.check("paismo").secret("s3cret").to(URI.create("http://127.0.0.1:8080/webhooks/paismo"));
 * assertTrue(report.passed(), report.toString());
 * }</pre>
 */
public final class CheckRequest {
    private final String provider;
    private String secret;
    private String encryptionKey;
    private String apiKey;
    private Duration timeout;
    private Path providersDir;
    private final Set<Check> skip = EnumSet.noneOf(Check.class);

    CheckRequest(String provider) {
        this.provider = provider;
    }

    /** The signing secret the receiver verifies with. */
    public CheckRequest secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** The payload encryption key (base64), for providers that encrypt. */
    public CheckRequest encryptionKey(String key) {
        this.encryptionKey = key;
        return this;
    }

    /** An API key, sent in the header the provider's profile names. */
    public CheckRequest apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** How long the receiver may take to answer; default: the provider's own timeout. */
    public CheckRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Leaves a check out, though it applies. */
    public CheckRequest skip(Check check) {
        this.skip.add(check);
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public CheckRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /**
     * Runs every check that applies against {@code url} and reports each outcome.
     *
     * @throws HooksException when the secret or key is missing or malformed: nothing was sent
     */
    public CheckReport to(URI url) {
        Profile profile = Catalogs.profile(provider, providersDir);
        Credentials credentials = Hooks.apiKey(profile, null, apiKey);
        ReceiverCheck.Settings settings = new ReceiverCheck.Settings(profile, url, secret, encryptionKey, credentials,
                Catalogs.samples(null), timeout, false, null, skip);
        return new ReceiverCheck(settings).run(result -> { });
    }

    /** Runs the checks against {@code url}, given as text. */
    public CheckReport to(String url) {
        return to(URI.create(url));
    }
}
