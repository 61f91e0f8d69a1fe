package dev.hooks.scenario;

import dev.hooks.HooksException;
import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Authenticator;
import dev.hooks.send.Credentials;
import dev.hooks.send.Envelope;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.RequestFactory;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes each delivery of a scenario again as its provider makes it, through the sender engine's
 * {@link RequestFactory}: the recorded body (an encrypted provider's plaintext, encrypted afresh under the key given),
 * signed with the secret given, a fresh timestamp and a fresh delivery id (the event id is kept: where the provider
 * carries it only in its id header, as GitHub does, that header keeps it), the provider's authentication, and the
 * recorded headers that carry no secret ({@link ScenarioHeaders}). A delivery of no known provider is sent as recorded,
 * unsigned. Every key a scenario needs is checked by {@link #check} before anything is sent.
 */
public final class ScenarioRequests {
    /** Where the keys of each provider come from; each may return null when none was given. */
    public interface Keys {
        String secret(Profile profile);

        String encryptionKey(Profile profile);

        Credentials credentials(Profile profile);
    }

    private final Function<String, Profile> profiles;
    private final Function<String, URI> targets;
    private final Keys keys;
    private final HttpTransport transport;
    private final Clock clock;
    private final Map<String, Provider> providers = new HashMap<>();

    private record Provider(Profile profile, SignatureScheme scheme, PayloadEncryption encryption, Authenticator auth,
                            URI url) {}

    /**
     * @param profiles  a provider's profile by name (throwing {@link HooksException} for an unknown one)
     * @param targets   the URL a provider's deliveries go to (null: the provider is not routed anywhere)
     * @param transport the HTTP client, also used to fetch OAuth tokens
     */
    public ScenarioRequests(Function<String, Profile> profiles, Function<String, URI> targets, Keys keys,
                            HttpTransport transport, Clock clock) {
        this.profiles = profiles;
        this.targets = targets;
        this.keys = keys;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Resolves every provider of {@code scenario}: its profile, URL, secret, encryption key and credentials.
     *
     * @throws HooksException (input) naming the first provider and what it lacks; nothing has been sent
     */
    public synchronized void check(Scenario scenario) {
        Set<String> encrypted = new HashSet<>();
        int i = 0;
        for (Scenario.Delivery d : scenario.deliveries()) {
            i++;
            String name = d.provider() == null ? "" : d.provider();
            if (d.encrypted()) {
                encrypted.add(name);
                if (d.provider() == null) {
                    throw HooksException.input("delivery " + i + " is encrypted but names no provider to encrypt it as");
                }
            }
            provider(name);
        }
        for (String name : encrypted) {
            if (providers.get(name).encryption() == null) {
                throw HooksException.input("the scenario's " + name + " deliveries were encrypted: give the encryption key "
                        + "to encrypt them again (--encryption-key or HOOKS_ENCRYPTION_KEY)");
            }
        }
    }

    private Provider provider(String name) {
        Provider p = providers.get(name);
        if (p != null) {
            return p;
        }
        URI url = targets.apply(name.isEmpty() ? null : name);
        if (url == null) {
            throw HooksException.input(name.isEmpty() ? "the scenario has deliveries of no known provider: give a --to URL for them"
                    : "no --to URL for the scenario's " + name + " deliveries: pass --to URL or --to " + name + "=URL");
        }
        if (name.isEmpty()) {
            p = new Provider(null, null, null, Authenticator.NONE, url);
        } else {
            Profile profile = profiles.apply(name);
            String secret = profile.signature().none() ? null : keys.secret(profile);
            if (!profile.signature().none() && secret == null) {
                throw HooksException.input("provider '" + name + "' needs a secret to sign the scenario's deliveries: pass "
                        + "--secret " + name + "=VALUE (or --secret VALUE for every provider), --secret-env, --secret-file, "
                        + "or set HOOKS_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + " or HOOKS_SECRET");
            }
            SignatureScheme scheme = SignatureScheme.of(profile, secret);
            String key = profile.encrypts() ? keys.encryptionKey(profile) : null;
            PayloadEncryption encryption = key == null ? null : new PayloadEncryption(profile.encryption(), key);
            Credentials credentials = keys.credentials(profile);
            Authenticator auth = (credentials == null ? Credentials.NONE : credentials).authenticator(transport, e -> { });
            p = new Provider(profile, scheme, encryption, auth, url);
        }
        providers.put(name, p);
        return p;
    }

    /** The request for {@code d}, signed now; may fetch an OAuth token ({@link Authenticator.AuthenticationFailed}). */
    public OutgoingRequest request(Scenario.Delivery d) {
        Provider p;
        synchronized (this) {
            p = provider(d.provider() == null ? "" : d.provider());
        }
        URI url = withQuery(p.url(), d.query());
        if (p.profile() == null) {
            List<OutgoingRequest.Header> headers = new ArrayList<>();
            for (Scenario.Header h : ScenarioHeaders.kept((Profile) null, d.headers())) {
                headers.add(new OutgoingRequest.Header(h.name(), h.value()));
            }
            return new OutgoingRequest(d.method(), url, headers, d.body());
        }
        Profile profile = p.profile();
        RequestFactory factory = new RequestFactory(profile, p.scheme(), d.encrypted() ? p.encryption() : null, p.auth(),
                url, clock);
        OutgoingRequest built = factory.build(new Recorded(d, deliveryId(profile, d)), 1);
        return factory.authenticate(merged(built, d, profile));
    }

    /**
     * The built request with the recorded method and the recorded headers: a recorded value replaces the profile's
     * constant one (the provider's real User-Agent), and the recorded headers the profile does not make are added.
     */
    private static OutgoingRequest merged(OutgoingRequest built, Scenario.Delivery d, Profile profile) {
        List<Scenario.Header> recorded = ScenarioHeaders.kept(profile, d.headers());
        Map<String, String> byName = new HashMap<>();
        for (Scenario.Header h : recorded) {
            byName.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h.value());
        }
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        Set<String> made = new HashSet<>();
        for (OutgoingRequest.Header h : built.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            made.add(name);
            String value = ScenarioHeaders.keeps(profile, h.name()) ? byName.get(name) : null;
            headers.add(value != null ? new OutgoingRequest.Header(h.name(), value) : h);
        }
        for (Scenario.Header h : recorded) {
            if (!made.contains(h.name().toLowerCase(Locale.ROOT))) {
                headers.add(new OutgoingRequest.Header(h.name(), h.value()));
            }
        }
        return new OutgoingRequest(d.method(), built.uri(), headers, built.body());
    }

    /**
     * The id header's value. A receiver reads the event id from the body where the envelope names a field and the
     * body has it, and from this header otherwise (GitHub's {@code X-GitHub-Delivery}, Standard Webhooks'
     * {@code webhook-id} on a body without an {@code id}): there the header carries the recorded event id, so that the
     * event keeps its id and a duplicate is a redelivery. Otherwise it is made as the sender makes it.
     */
    private static String deliveryId(Profile profile, Scenario.Delivery d) {
        if (profile.id() == null || profile.id().header() == null) {
            return null;
        }
        String inBody = profile.envelope() == null ? null : profile.envelope().eventId();
        boolean bodyCarriesIt = inBody != null && !inBody.isEmpty() && DeliveryIds.field(d.body(), inBody) != null;
        if (!bodyCarriesIt && d.eventId() != null) {
            return d.eventId();
        }
        return DeliveryIds.forBody(profile, d.body());
    }

    private static URI withQuery(URI url, String query) {
        if (query == null || query.isEmpty() || url.getRawQuery() != null) {
            return url;
        }
        return URI.create(url + "?" + query);
    }

    /** A recorded delivery as the sender engine's envelope: the same bytes on every attempt. */
    private record Recorded(Scenario.Delivery d, String deliveryId) implements Envelope {
        @Override
        public String eventType() {
            return d.eventType();
        }

        @Override
        public String eventId() {
            return d.eventId();
        }

        @Override
        public byte[] body(int attempt) {
            return d.body();
        }
    }
}
