package dev.hooks.scenario;

import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.send.HttpTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which recorded headers a scenario keeps: the ones a provider sends the same way every time (content type, user
 * agent, event type, ...). What goes, so that a scenario holds no secret and plays afresh:
 * <ul>
 *   <li>the provider's signature, timestamp, delivery id, encryption IV and API key headers, as its profile names
 *       them (they are made again at play);</li>
 *   <li>by name, for any provider or none: {@code Authorization}, {@code Proxy-Authorization}, cookies, and every
 *       header whose name speaks of a signature, secret, token, key, password, HMAC, authentication or timestamp;</li>
 *   <li>what the HTTP client or a proxy on the way writes: {@code Host}, {@code Content-Length}, {@code Connection},
 *       {@code Accept-Encoding}, {@code X-Forwarded-*}, {@code Forwarded}, {@code Via}, trace ids.</li>
 * </ul>
 */
public final class ScenarioHeaders {
    private static final ProviderCatalog BUILT_IN = new ProviderCatalog(List.of());
    private static final Set<String> DROPPED = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "accept-encoding", "forwarded", "via", "x-real-ip", "traceparent", "tracestate", "x-amzn-trace-id",
            "x-request-id", "cdn-loop", "true-client-ip");
    private static final String[] DROPPED_PARTS = {"signature", "secret", "token", "key", "password", "hmac", "auth",
            "timestamp", "credential", "session"};
    private static final String[] DROPPED_PREFIXES = {"x-forwarded-", "cf-", "x-original-", "ngrok-"};

    private ScenarioHeaders() {}

    /** The headers of {@code headers} a scenario of the built-in provider {@code provider} (or none) keeps. */
    public static List<Scenario.Header> kept(String provider, List<Scenario.Header> headers) {
        Profile profile = null;
        if (provider != null) {
            synchronized (BUILT_IN) { // the catalog parses each built-in once, on first use
                profile = BUILT_IN.find(provider).orElse(null);
            }
        }
        return kept(profile, headers);
    }

    /** The headers of {@code headers} a scenario of {@code profile} (null: unknown) keeps. */
    public static List<Scenario.Header> kept(Profile profile, List<Scenario.Header> headers) {
        List<Scenario.Header> out = new ArrayList<>(headers.size());
        for (Scenario.Header h : headers) {
            if (keeps(profile, h.name())) {
                out.add(h);
            }
        }
        return out;
    }

    /** Whether a scenario of {@code profile} (null: unknown) keeps a header of this name. */
    public static boolean keeps(Profile profile, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.startsWith(":") || HttpTransport.CLIENT_HEADERS.contains(n) || DROPPED.contains(n)) {
            return false;
        }
        for (String part : DROPPED_PARTS) {
            if (n.contains(part)) {
                return false;
            }
        }
        for (String prefix : DROPPED_PREFIXES) {
            if (n.startsWith(prefix)) {
                return false;
            }
        }
        return profile == null || !perAttempt(profile).contains(n);
    }

    /** The headers a profile makes afresh for each attempt or that carry its credentials, in lower case. */
    private static Set<String> perAttempt(Profile profile) {
        Set<String> names = new java.util.HashSet<>();
        add(names, profile.signature() == null ? null : profile.signature().header());
        add(names, profile.timestamp() == null ? null : profile.timestamp().header());
        add(names, profile.id() == null ? null : profile.id().header());
        add(names, profile.encryption() == null ? null : profile.encryption().ivHeader());
        add(names, profile.auth() == null ? null : profile.auth().header());
        return names;
    }

    private static void add(Set<String> names, String name) {
        if (name != null) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
    }
}
