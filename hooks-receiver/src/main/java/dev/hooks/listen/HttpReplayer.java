package dev.hooks.listen;

import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A {@link Replayer} on the sender's replay mechanism ({@link Replay}, the one {@code hooks events replay} uses):
 * the recorded method, headers and body byte for byte over the sender's HTTP/1.1 transport, without following
 * redirects, and each replay recorded in the history. Re-signing uses the provider's {@link SignatureScheme} with a
 * fresh id and timestamp; an edited body of an encrypted delivery is encrypted afresh when the key is known.
 */
public final class HttpReplayer implements Replayer {
    private final DeliveryStore store;
    private final String defaultTarget;
    private final Function<String, SignatureScheme> schemes;
    private final Function<String, PayloadEncryption> encryptions;
    private final Clock clock;
    private final HttpTransport transport;
    private final Redaction redaction;

    /** A replayer that cannot encrypt (no provider's key is known). */
    public HttpReplayer(DeliveryStore store, String defaultTarget, Function<String, SignatureScheme> schemes, Clock clock,
            Duration timeout) {
        this(store, defaultTarget, schemes, p -> null, clock, timeout);
    }

    /**
     * @param store         where replays are recorded, or null to record nothing
     * @param defaultTarget the forward target, used when a replay names no URL; may be null
     * @param schemes       the signing scheme (with its secret) for a provider name, or null when there is none
     * @param encryptions   the payload encryption (with its key) for a provider name, or null when there is none
     * @param clock         the time for fresh timestamps and for the record
     * @param timeout       how long to wait for an answer
     */
    public HttpReplayer(DeliveryStore store, String defaultTarget, Function<String, SignatureScheme> schemes,
            Function<String, PayloadEncryption> encryptions, Clock clock, Duration timeout) {
        this(store, defaultTarget, schemes, encryptions, clock, timeout, new Redaction(List.of(), List.of()));
    }

    /** As above, each replay's row passing through {@code redaction} (the listener's credentials) before it is stored. */
    HttpReplayer(DeliveryStore store, String defaultTarget, Function<String, SignatureScheme> schemes,
            Function<String, PayloadEncryption> encryptions, Clock clock, Duration timeout, Redaction redaction) {
        this.redaction = redaction;
        this.store = store;
        this.defaultTarget = defaultTarget;
        this.schemes = schemes == null ? p -> null : schemes;
        this.encryptions = encryptions == null ? p -> null : encryptions;
        this.clock = clock;
        this.transport = new HttpTransport(timeout, false, clock);
    }

    @Override
    public String defaultTarget() {
        return defaultTarget;
    }

    @Override
    public boolean canResign(String provider) {
        SignatureScheme s = provider == null ? null : schemes.apply(provider);
        return s != null && s.signs();
    }

    @Override
    public ReplayResult replay(StoredDelivery original, String to, byte[] editedBody, boolean resign) {
        String target = to == null || to.isBlank() ? defaultTarget : to.strip();
        if (target == null) {
            throw new IllegalArgumentException("there is no forward target to replay to: give a URL");
        }
        URI uri = checkUrl(target);
        String provider = original.provider();
        SignatureScheme scheme = null;
        if (resign) {
            scheme = provider == null ? null : schemes.apply(provider);
            if (scheme == null || !scheme.signs()) {
                throw new IllegalArgumentException(provider == null
                        ? "cannot re-sign: the delivery's provider is not known"
                        : "cannot re-sign for provider '" + provider + "': the listener has no secret for it");
            }
        }
        PayloadEncryption encryption = provider == null ? null : encryptions.apply(provider);
        if (editedBody != null && original.decrypted() != null && encryption == null) {
            // The page edits the plaintext of an encrypted delivery; sent unencrypted it would be refused.
            throw new IllegalArgumentException("cannot encrypt the edited body: the listener has no encryption key for '"
                    + provider + "' (--encryption-key)");
        }
        OutgoingRequest request = Replay.request(original, uri, editedBody, scheme, encryption, clock);
        Exchange x = transport.exchange(request);
        String replayId = null;
        if (store != null) {
            replayId = store.save(redaction.apply(Replay.record(original, x, provider, editedBody != null,
                    scheme == null ? null : scheme.profile()))).id();
        }
        return new ReplayResult(target, x.answered() ? x.status() : null, x.answered() ? null : x.failure().message(),
                x.latencyNanos() / 1_000_000, replayId, resign);
    }

    private static URI checkUrl(String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + target + "' is not an http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + target + "' is not a URL: " + e.getReason());
        }
    }
}
