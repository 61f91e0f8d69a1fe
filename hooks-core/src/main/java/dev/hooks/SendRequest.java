package dev.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Authenticator;
import dev.hooks.send.Credentials;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.RawEnvelopes;
import dev.hooks.send.RequestFactory;
import dev.hooks.send.RetryPolicy;
import dev.hooks.send.SampleChoice;
import dev.hooks.send.SampleEnvelopes;
import dev.hooks.send.SendEvent;
import dev.hooks.send.Sender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One webhook delivery, sent as its provider sends it; made by {@link Hooks#send}. The body is the provider's sample
 * for the event, freshly rendered (new ids and times), edited by {@link #set} or {@link #data}, or replaced by
 * {@link #body}; it is enveloped, encrypted, signed and authenticated as the provider does, then delivered by
 * {@link #to}, which follows the provider's retry schedule when {@link #retry} asks for it.
 *
 * <pre>{@code
 * SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret")
 *         .set("data.department", "Finance")
 *         .to(URI.create("http://127.0.0.1:8080/webhooks/paismo"));
 * }</pre>
 *
 * A request is set up on one thread; {@link #to} may be called again for another delivery of the same event.
 */
public final class SendRequest {
    private final String event;
    private String provider;
    private String secret;
    private String encryptionKey;
    private String apiKeyHeader;
    private String apiKey;
    private final List<String> sets = new ArrayList<>();
    private JsonNode data;
    private byte[] body;
    private boolean retry;
    private double timeScale = 1;
    private Duration timeout;
    private Path providersDir;
    private Path samplesDir;
    private Clock clock = Clock.systemUTC();

    SendRequest(String event) {
        this.event = event;
    }

    /** The provider that sends it; may be left out when only one provider has a sample of this event. */
    public SendRequest provider(String provider) {
        this.provider = provider;
        return this;
    }

    /** The signing secret, in the form the provider hands it out. Needed by every provider that signs. */
    public SendRequest secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** The payload encryption key (base64), for providers that encrypt (Teal). */
    public SendRequest encryptionKey(String key) {
        this.encryptionKey = key;
        return this;
    }

    /** An API key, sent in the header the provider's profile names ({@code hooks providers show P}). */
    public SendRequest apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** An API key sent in a header of one's choosing. */
    public SendRequest apiKey(String header, String key) {
        this.apiKeyHeader = header;
        this.apiKey = key;
        return this;
    }

    /**
     * Sets one field of the sample by its dotted path ({@code data.department}, {@code data.items[0].qty}).
     * A {@code String} is set as a JSON string, a {@code Number} or {@code Boolean} as that JSON value, null as JSON
     * null, and a Jackson {@code JsonNode} as itself.
     */
    public SendRequest set(String path, Object value) {
        JsonNode node = value instanceof JsonNode j ? j : JsonBody.mapper().valueToTree(value);
        sets.add(path + "=" + node.toString());
        return this;
    }

    /** Replaces the sample's data part with this JSON (the envelope around it is still the provider's). */
    public SendRequest data(String json) {
        this.data = JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), "data");
        return this;
    }

    /** Sends these bytes as the whole body, as they are: no sample, no envelope (still encrypted and signed). */
    public SendRequest body(byte[] body) {
        this.body = body == null ? null : body.clone();
        return this;
    }

    /**
     * Follows the provider's retry schedule while the receiver fails, with every wait multiplied by
     * {@code timeScale}: 0.001 turns Paismo's one-minute first retry into 60 ms.
     */
    public SendRequest retry(double timeScale) {
        if (!(timeScale >= 0)) {
            throw new IllegalArgumentException("timeScale must be 0 or more, got " + timeScale);
        }
        this.retry = true;
        this.timeScale = timeScale;
        return this;
    }

    /** How long to wait for each answer; default: the provider's own timeout. */
    public SendRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public SendRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /** A directory of samples of one's own (the layout of samples/), searched before the built-in ones. */
    public SendRequest samplesDir(Path dir) {
        this.samplesDir = dir;
        return this;
    }

    /** The clock the delivery's timestamps come from. */
    public SendRequest clock(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
        return this;
    }

    /** Delivers to {@code url}; see {@link #to(URI)}. */
    public SendResult to(String url) {
        return to(URI.create(url));
    }

    /**
     * Delivers to {@code url} and returns what happened: every attempt, the last answer and the exact request sent.
     * A receiver that cannot be reached is a result too ({@link SendResult#status()} 0, {@link SendResult#error()}).
     *
     * @throws HooksException when the provider, event, secret or key is wrong: nothing was sent
     */
    public SendResult to(URI url) {
        if (url == null || url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw HooksException.input("send to an http:// or https:// URL, got " + url);
        }
        if (event == null && body == null) {
            throw HooksException.input("name the sample event to send, or give the body");
        }
        SampleCatalog samples = body != null && provider != null ? null : Catalogs.samples(samplesDir);
        Profile profile = provider != null ? Catalogs.profile(provider, providersDir)
                : SampleChoice.providerOf(Catalogs.providers(providersDir), samples, event, ".provider(P)");
        SignatureScheme scheme = SignatureScheme.of(profile, profile.signature().none() ? null : secret);
        PayloadEncryption encryption = encryptionKey == null ? null : Hooks.encryption(profile, encryptionKey);
        Sender.EnvelopeSource source;
        if (body != null) {
            source = new RawEnvelopes(profile, body, event);
        } else {
            SampleEvent sample = SampleChoice.sample(samples, profile, event);
            source = new SampleEnvelopes(profile, samples, sample, new SampleRenderer(clock, SampleEnvelopes.FAST_RANDOM),
                    data, sets, false);
        }
        Credentials credentials = Hooks.apiKey(profile, apiKeyHeader, apiKey);
        RetryPolicy policy = RetryPolicy.of(profile.delivery(), retry, timeScale);
        List<SendEvent.Attempt> attempts = new ArrayList<>();
        Duration wait = timeout != null ? timeout : profile.delivery().timeout();
        try (HttpTransport transport = new HttpTransport(wait, false, clock)) {
            Authenticator authenticator = credentials.authenticator(transport, e -> { });
            RequestFactory factory = new RequestFactory(profile, scheme, encryption, authenticator, url, clock);
            new Sender(transport, factory, source, policy, e -> {
                if (e instanceof SendEvent.Attempt a) {
                    synchronized (attempts) {
                        attempts.add(a);
                    }
                }
            }).run(Sender.Plan.single());
        }
        return SendResult.of(profile.name(), attempts);
    }
}
