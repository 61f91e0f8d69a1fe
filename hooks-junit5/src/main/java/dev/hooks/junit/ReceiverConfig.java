package dev.hooks.junit;

import dev.hooks.HooksException;
import dev.hooks.listen.Endpoint;
import dev.hooks.listen.Failures;
import dev.hooks.listen.Terms;
import dev.hooks.listen.ListenerSettings;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns the {@link Receive} annotations of one parameter or field into the settings of a listener on 127.0.0.1 with
 * a free port and no history: each provider an endpoint with its secret, key and API key, the rest shared.
 */
final class ReceiverConfig {
    /** Reasons name @Receive's attributes, where the command line's name its flags. */
    private static final Terms TERMS = new Terms("failFirst", "failRate", "@Receive(answerStatus)",
            "its signature was not checked (no secret in @Receive)");
    /** Request threads of one receiver: a test sends a few deliveries at a time, and many receivers may run at once. */
    private static final int THREADS = 8;

    private ReceiverConfig() {}

    /**
     * The settings for these annotations.
     *
     * @throws IllegalArgumentException with a one-line message naming the annotation at fault
     */
    static ListenerSettings settings(List<Receive> receives) {
        if (receives.isEmpty()) {
            throw new IllegalArgumentException("no @Receive(provider = ...) given");
        }
        ProviderCatalog catalog = new ProviderCatalog(List.of()); // one per receiver: catalogs are not shared between threads
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        boolean verify = shared(receives, "verify", Receive::verify, true);
        for (Receive r : receives) {
            String at = "@Receive(provider = \"" + r.provider() + "\")";
            Profile p;
            try {
                p = catalog.get(r.provider());
            } catch (HooksException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage());
            }
            if (endpoints.containsKey(p.name())) {
                throw new IllegalArgumentException(at + " is given twice for one receiver");
            }
            String secret = r.secret().isEmpty() ? null : r.secret();
            if (secret == null && !p.signature().none() && verify) {
                throw new IllegalArgumentException(at + ": " + p.name() + " signs its deliveries: give its secret "
                        + "(secret = \"...\"), or verify = false to accept its deliveries unchecked");
            }
            PayloadEncryption encryption = null;
            if (!r.encryptionKey().isEmpty()) {
                if (!p.encrypts()) {
                    throw new IllegalArgumentException(at + ": " + p.name() + " does not encrypt payloads, so it takes "
                            + "no encryptionKey");
                }
                try {
                    PayloadEncryption.parseKey(r.encryptionKey());
                    encryption = new PayloadEncryption(p.encryption(), r.encryptionKey());
                } catch (HooksException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": encryptionKey: " + e.getMessage());
                }
            }
            Endpoint.Auth auth = Endpoint.Auth.NONE;
            if (!r.apiKey().isEmpty()) {
                String header = !r.apiKeyHeader().isEmpty() ? r.apiKeyHeader()
                        : p.auth().header() != null ? p.auth().header() : "X-API-Key";
                auth = Endpoint.Auth.apiKey(header, r.apiKey());
            } else if (!r.apiKeyHeader().isEmpty()) {
                throw new IllegalArgumentException(at + ": apiKeyHeader needs the apiKey it should carry");
            }
            try {
                endpoints.put(p.name(), new Endpoint(p, secret, encryption, auth).schemaStrict(r.schemaStrict()));
            } catch (HooksException | IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": secret: " + e.getMessage());
            }
        }
        String path = shared(receives, "path", Receive::path, "/webhook");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("@Receive(path = \"" + path + "\"): a path starts with /");
        }
        int status = shared(receives, "answerStatus", Receive::answerStatus, 200);
        int failFirst = shared(receives, "failFirst", Receive::failFirst, 0);
        int failStatus = shared(receives, "failStatus", Receive::failStatus, 500);
        double failRate = shared(receives, "failRate", Receive::failRate, 0.0);
        long delayMillis = shared(receives, "delayMillis", Receive::delayMillis, 0L);
        boolean checkTimestamp = shared(receives, "checkTimestamp", Receive::checkTimestamp, true);
        if (delayMillis < 0) {
            throw new IllegalArgumentException("@Receive(delayMillis = " + delayMillis + "): a delay is 0 or more");
        }
        Failures failures;
        try {
            failures = new Failures(status, failFirst, failRate, failStatus, Duration.ofMillis(delayMillis), TERMS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@Receive: " + e.getMessage()
                    + " (answerStatus and failStatus 100-599, failFirst 0 or more, failRate 0-1)");
        }
        return new ListenerSettings("127.0.0.1", 0, path, new ArrayList<>(endpoints.values()), List.of(), verify,
                null, checkTimestamp, ListenerSettings.DEFAULT_MAX_BODY, ListenerSettings.DEFAULT_MAX_HEADER_BYTES,
                Duration.ofSeconds(30), failures, null, null, null, null, null, THREADS, List.of(), false, TERMS);
    }

    /**
     * A receiver-wide attribute: the one value the annotations give other than the default, or the default; an
     * error when two of them give different values.
     */
    private static <T> T shared(List<Receive> receives, String name, Function<Receive, T> get, T fallback) {
        T chosen = null;
        String chosenBy = null;
        for (Receive r : receives) {
            T v = get.apply(r);
            if (Objects.equals(v, fallback)) {
                continue;
            }
            if (chosen != null && !chosen.equals(v)) {
                throw new IllegalArgumentException(name + " applies to the whole receiver, but @Receive of " + chosenBy
                        + " gives " + chosen + " and @Receive of " + r.provider() + " gives " + v + ": give it once");
            }
            chosen = v;
            chosenBy = r.provider();
        }
        return chosen == null ? fallback : chosen;
    }
}
