package dev.hooks;

import dev.hooks.scenario.PlayOptions;
import dev.hooks.scenario.PlayPlan;
import dev.hooks.scenario.Playback;
import dev.hooks.scenario.Scenario;
import dev.hooks.scenario.ScenarioRequests;
import dev.hooks.scheme.Profile;
import dev.hooks.send.Credentials;
import dev.hooks.send.HttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario about to be played against a receiver, as {@code hooks scenario play} plays it: each delivery made again
 * as its provider makes it (re-signed with the secret given, encrypted again under the key given, fresh timestamps and
 * delivery ids, the event ids kept), at the recorded pace scaled by {@link #timeScale}, with the faults asked for.
 *
 * <pre>{@code
 * PlayResult r = Hooks.play(Scenario.load(Path.of("scenarios/paismo-employee-lifecycle.json")))
 *         .secret("paismo", secret).shuffle(42).duplicate(0.5)
 *         .to(URI.create("http://127.0.0.1:8080/webhooks/paismo"));
 * assert r.allDelivered();
 * }</pre>
 */
public final class PlayRequest {
    private final Scenario scenario;
    private final Map<String, String> secrets = new HashMap<>();
    private String secret;
    private String encryptionKey;
    private String apiKeyHeader;
    private String apiKey;
    private Credentials oauth;
    private double timeScale;
    private boolean shuffle;
    private boolean reverse;
    private double duplicateRate;
    private Duration jitter;
    private int concurrency = 1;
    private Long seed;
    private Duration timeout;
    private Path providersDir;
    private Clock clock = Clock.systemUTC();

    PlayRequest(Scenario scenario) {
        if (scenario == null) {
            throw HooksException.input("play a scenario: Scenario.load(path)");
        }
        this.scenario = scenario;
    }

    /** The signing secret of every provider of the scenario that has none of its own. */
    public PlayRequest secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** The signing secret of one provider's deliveries. */
    public PlayRequest secret(String provider, String secret) {
        secrets.put(provider, secret);
        return this;
    }

    /** The key (base64) the encrypted deliveries (Teal's) are encrypted again under. */
    public PlayRequest encryptionKey(String key) {
        this.encryptionKey = key;
        return this;
    }

    /** An API key, sent in the header each provider's profile names. */
    public PlayRequest apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** An API key sent in a header of one's choosing. */
    public PlayRequest apiKey(String header, String key) {
        this.apiKeyHeader = header;
        this.apiKey = key;
        return this;
    }

    /** OAuth 2 client credentials: a Bearer token is fetched from {@code tokenUrl} before the first delivery. */
    public PlayRequest oauth(URI tokenUrl, String clientId, String clientSecret) {
        this.oauth = Credentials.oauth(tokenUrl, clientId, clientSecret, null);
        return this;
    }

    /** 0 (the default) sends with no waits; 1 keeps the recorded gaps; 0.1 compresses them tenfold. */
    public PlayRequest timeScale(double factor) {
        this.timeScale = factor;
        return this;
    }

    /** Delivers in an order drawn from a fresh seed ({@link PlayResult#seed()} tells it). */
    public PlayRequest shuffle() {
        this.shuffle = true;
        return this;
    }

    /** Delivers in the order drawn from {@code seed}: the same seed, the same order. */
    public PlayRequest shuffle(long seed) {
        this.shuffle = true;
        this.seed = seed;
        return this;
    }

    /** Delivers newest first. */
    public PlayRequest reverse() {
        this.reverse = true;
        return this;
    }

    /** Sends each delivery again with this probability (0 to 1), at once or later in the run. */
    public PlayRequest duplicate(double rate) {
        this.duplicateRate = rate;
        return this;
    }

    /** Holds each delivery a further random time up to {@code max}. */
    public PlayRequest jitter(Duration max) {
        this.jitter = max;
        return this;
    }

    /** Deliveries in flight at once (default 1). */
    public PlayRequest concurrency(int n) {
        this.concurrency = n;
        return this;
    }

    /** The seed of every random choice (shuffle, duplicates, jitter), to repeat a run. */
    public PlayRequest seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How long to wait for each answer; default 30 seconds. */
    public PlayRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A directory of provider profile files (PROFILE.md), searched before the built-in providers. */
    public PlayRequest providersDir(Path dir) {
        this.providersDir = dir;
        return this;
    }

    /** The clock the signature timestamps come from. */
    public PlayRequest clock(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
        return this;
    }

    /** Plays every delivery to {@code url}; see {@link #to(Map)}. */
    public PlayResult to(URI url) {
        return play(p -> url);
    }

    /**
     * Plays each provider's deliveries to its URL ({@code Map.of("paismo", uri1, "teal", uri2)}); a delivery of no
     * known provider goes to the URL under the key {@code ""}.
     *
     * @throws HooksException when a provider, secret, key or URL is missing or wrong: nothing was sent
     */
    public PlayResult to(Map<String, URI> urls) {
        Map<String, URI> copy = new LinkedHashMap<>(urls);
        return play(p -> copy.get(p == null ? "" : p));
    }

    private PlayResult play(java.util.function.Function<String, URI> targets) {
        PlayOptions options;
        try {
            options = new PlayOptions(timeScale, shuffle, reverse, duplicateRate, jitter, concurrency, seed);
        } catch (IllegalArgumentException e) {
            throw HooksException.input(e.getMessage());
        }
        java.util.function.Function<String, URI> checked = p -> {
            URI url = targets.apply(p);
            if (url != null && (url.getScheme() == null || !url.getScheme().startsWith("http"))) {
                throw HooksException.input("play to an http:// or https:// URL, got " + url);
            }
            return url;
        };
        ScenarioRequests.Keys keys = new ScenarioRequests.Keys() {
            @Override
            public String secret(Profile profile) {
                return secrets.getOrDefault(profile.name(), secret);
            }

            @Override
            public String encryptionKey(Profile profile) {
                return encryptionKey;
            }

            @Override
            public Credentials credentials(Profile profile) {
                return oauth != null ? oauth : Hooks.apiKey(profile, apiKeyHeader, apiKey);
            }
        };
        Duration wait = timeout != null ? timeout : Duration.ofSeconds(30);
        try (HttpTransport transport = new HttpTransport(wait, false, clock)) {
            ScenarioRequests requests = new ScenarioRequests(name -> Catalogs.profile(name, providersDir), checked, keys,
                    transport, clock);
            requests.check(scenario);
            PlayPlan plan = PlayPlan.of(scenario, options);
            return new PlayResult(Playback.run(plan, options.concurrency(), requests, transport, p -> { }), plan.seed());
        }
    }
}
