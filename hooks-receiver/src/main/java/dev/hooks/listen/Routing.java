package dev.hooks.listen;

import dev.hooks.scheme.Headers;
import dev.hooks.scheme.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which provider a webhook path serves: every provider at {@code /NAME}, and the main path the only provider, or
 * recognition among several from the headers a request carries.
 */
final class Routing {
    /** What a path leads to: one provider, or recognition among several. */
    record Route(Endpoint endpoint, List<Endpoint> detect) {}

    private final String mainPath;
    private final boolean detecting;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    Routing(ListenerSettings s) {
        this.mainPath = s.path();
        this.detecting = !s.detect().isEmpty();
        for (Endpoint e : s.endpoints()) {
            routes.put("/" + e.name(), new Route(e, List.of()));
        }
        for (Endpoint e : s.detect()) {
            routes.putIfAbsent("/" + e.name(), new Route(e, List.of()));
        }
        Route main;
        if (s.detect().isEmpty() && s.endpoints().size() == 1) {
            main = new Route(s.endpoints().get(0), List.of());
        } else {
            main = new Route(null, s.detect().isEmpty() ? s.endpoints() : s.detect());
        }
        routes.put(s.path(), main);
    }

    /** The route at {@code path}, or null when it is no webhook path. */
    Route find(String path) {
        return routes.get(path);
    }

    /** The webhook paths, for a 404's reason. */
    String served() {
        return String.join(", ", routes.keySet());
    }

    /** Each path served and what it serves: a provider name, or {@code auto(a, b, ...)}. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(mainPath, describe(routes.get(mainPath)));
        if (!detecting) {
            for (Map.Entry<String, Route> e : routes.entrySet()) {
                out.putIfAbsent(e.getKey(), describe(e.getValue()));
            }
        }
        return out;
    }

    private static String describe(Route r) {
        if (r.endpoint() != null) {
            return r.endpoint().name();
        }
        List<String> names = new ArrayList<>();
        r.detect().forEach(e -> names.add(e.name()));
        return "auto (" + String.join(", ", names) + ")";
    }

    /** The provider whose identifying headers the request carries, or null. */
    static Endpoint detect(List<Endpoint> candidates, Headers headers) {
        Endpoint best = null;
        int bestScore = 0;
        Endpoint silent = null;
        int silentCount = 0;
        for (Endpoint e : candidates) {
            List<String> detect = e.profile().detect();
            if (detect == null || detect.isEmpty()) {
                silent = e;
                silentCount++;
                continue;
            }
            int score = 0;
            for (String h : detect) {
                if (headers.has(h)) {
                    score += 10;
                }
            }
            if (score == 0) {
                continue;
            }
            Profile.SignatureSpec sig = e.profile().signature();
            if (!sig.none() && sig.value() != null) {
                String value = headers.first(sig.header());
                String prefix = sig.value().substring(0, Math.max(0, sig.value().indexOf('{')));
                if (value != null) {
                    if (!prefix.isEmpty() && value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                        score += 2;
                    } else if (prefix.isEmpty() && !value.contains("=")) {
                        score += 1;
                    }
                }
            }
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        if (best == null && silentCount == 1) {
            return silent;
        }
        return best;
    }

    static String detectHeaders(List<Endpoint> candidates) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : candidates) {
            if (e.profile().detect() != null && !e.profile().detect().isEmpty()) {
                out.add(e.profile().detect().get(0) + " (" + e.name() + ")");
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    static String allowed(Route route) {
        return "POST";
    }
}
