package dev.hooks.scheme;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

/** Fresh delivery ids in the form each provider uses, and ids taken from a body where the profile says so. */
public final class DeliveryIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private DeliveryIds() {}

    /** A fresh id: the profile's prefix and 27 random alphanumerics, or a UUID when it has no prefix. */
    public static String fresh(Profile profile) {
        String prefix = profile.id().prefix();
        if (prefix == null || prefix.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 27; i++) {
            sb.append(ALPHANUM[RANDOM.nextInt(ALPHANUM.length)]);
        }
        return sb.toString();
    }

    /**
     * The id a delivery of this body carries: read from the body when the profile names a field ({@code id.from}),
     * otherwise fresh. Only profiles with an id header need one; others get null.
     */
    public static String forBody(Profile profile, byte[] body) {
        if (profile.id().header() == null) {
            return null;
        }
        if (profile.id().from() != null) {
            String found = field(body, profile.id().from());
            if (found != null) {
                return found;
            }
        }
        return fresh(profile);
    }

    /** A string or number at a dotted path of a JSON body, or null when the body is not JSON or lacks it. */
    public static String field(byte[] body, String path) {
        Object node;
        try {
            node = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String part : path.split("\\.")) {
            if (node instanceof Map<?, ?> m) {
                node = m.get(part);
            } else if (node instanceof java.util.List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
                node = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return node instanceof String || node instanceof Number ? node.toString() : null;
    }
}
