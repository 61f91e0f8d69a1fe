package dev.hooks.scheme;

import dev.hooks.HooksException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a provider profile (PROFILE.md) and checks every field. Unknown fields and bad values are errors that name
 * the file and the field, so a typo can never silently turn verification off.
 */
public final class ProfileParser {
    static final Set<String> ALGORITHMS = Set.of("hmac-sha1", "hmac-sha256", "hmac-sha512", "ed25519", "none");
    static final Set<String> KEY_FORMS = Set.of("utf8", "ascii", "base64", "hex", "whsec");
    static final Set<String> TIME_FORMATS = Set.of("unix", "unix-ms", "iso8601");
    static final Set<String> HANDSHAKES = Set.of("none", "challenge-post", "echo-get", "slack-url-verification",
            "zoom-url-validation", "hub-challenge", "dropbox-challenge");
    static final Set<String> AUTH_KINDS = Set.of("none", "api-key", "oauth2-client-credentials");
    static final Set<String> ENVELOPE_FORMATS = Set.of("compact", "pretty", "newtonsoft");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final String source;

    private ProfileParser(String source) {
        this.source = source;
    }

    /** Parses one profile document; {@code source} names the file in every error message. */
    public static Profile parse(String json, String source) {
        Object tree;
        try {
            tree = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw HooksException.input("provider file " + source + ": not valid JSON: " + e.getMessage());
        }
        return new ProfileParser(source).profile(tree);
    }

    private Profile profile(Object tree) {
        Map<String, Object> m = object(tree, "", Set.of("name", "description", "detect", "headers", "id", "timestamp",
                "signature", "encryption", "handshake", "auth", "delivery", "envelope", "samples", "emulate", "schemas", "$schema"));
        String name = string(m, "", "name", null);
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad("name", "must be lowercase letters, digits, '.', '_' or '-' (got " + quoted(name) + ")");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.get("headers") != null) {
            for (Map.Entry<String, Object> e : object(m.get("headers"), "headers", null).entrySet()) {
                headerName(e.getKey(), "headers");
                if (!(e.getValue() instanceof String v)) {
                    throw bad("headers." + e.getKey(), "must be a string");
                }
                headers.put(e.getKey(), v);
            }
        }
        List<String> detect = strings(m.get("detect"), "detect");
        detect.forEach(h -> headerName(h, "detect"));
        Profile.TimestampSpec timestamp = timestamp(m.get("timestamp"));
        Profile.IdSpec id = id(m.get("id"));
        Profile.SignatureSpec signature = signature(m.get("signature"), timestamp, id);
        return new Profile(
                name,
                string(m, "", "description", ""),
                List.copyOf(detect),
                Map.copyOf(headers).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(headers),
                id,
                timestamp,
                signature,
                encryption(m.get("encryption")),
                handshake(m.get("handshake")),
                auth(m.get("auth")),
                delivery(m.get("delivery")),
                envelope(m.get("envelope")),
                string(m, "", "samples", name),
                emulate(m.get("emulate")),
                schemas(m.get("schemas")),
                source);
    }

    /** {@code schemas}: event type to an inline schema (an object or {@code true}/{@code false}) or a file path. */
    private Map<String, Object> schemas(Object node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(node, "schemas", null).entrySet()) {
            String field = "schemas." + e.getKey();
            Object v = e.getValue();
            if (e.getKey().isEmpty()) {
                throw bad("schemas", "has an empty event type");
            }
            if (v instanceof String path) {
                if (path.isBlank() || path.startsWith("/") || path.contains("\\") || path.startsWith("#")) {
                    throw bad(field, "must be a path relative to the profile (got " + quoted(path) + ")");
                }
            } else if (!(v instanceof Map) && !(v instanceof Boolean)) {
                throw bad(field, "must be a JSON Schema object or a path to one (got " + quoted(v) + ")");
            }
            out.put(e.getKey(), v);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private Profile.IdSpec id(Object node) {
        if (node == null) {
            return new Profile.IdSpec(null, null, "");
        }
        Map<String, Object> m = object(node, "id", Set.of("header", "from", "prefix"));
        String header = string(m, "id", "header", null);
        if (header != null) {
            headerName(header, "id.header");
        }
        return new Profile.IdSpec(header, string(m, "id", "from", null), string(m, "id", "prefix", ""));
    }

    private Profile.TimestampSpec timestamp(Object node) {
        if (node == null) {
            return new Profile.TimestampSpec(null, "unix");
        }
        Map<String, Object> m = object(node, "timestamp", Set.of("header", "format"));
        String header = string(m, "timestamp", "header", null);
        if (header != null) {
            headerName(header, "timestamp.header");
        }
        return new Profile.TimestampSpec(header, oneOf(m, "timestamp", "format", TIME_FORMATS, "unix"));
    }

    private Profile.SignatureSpec signature(Object node, Profile.TimestampSpec ts, Profile.IdSpec id) {
        if (node == null) {
            return new Profile.SignatureSpec("none", "utf8", "{body}", null, "{hex}", null, null, true, 401, List.of(), "raw",
                    List.of());
        }
        Map<String, Object> m = object(node, "signature", Set.of("algorithm", "key", "signed", "header", "value",
                "separator", "tolerance", "rejectFuture", "status", "keyed", "bodyEncoding", "alsoAccept"));
        String algorithm = oneOf(m, "signature", "algorithm", ALGORITHMS, null);
        if (algorithm == null) {
            throw bad("signature.algorithm", "is required: one of " + sorted(ALGORITHMS));
        }
        String key = oneOf(m, "signature", "key", KEY_FORMS, "utf8");
        String signed = string(m, "signature", "signed", "{body}");
        String header = string(m, "signature", "header", null);
        String value = string(m, "signature", "value", "{hex}");
        String separator = string(m, "signature", "separator", null);
        if (!"none".equals(algorithm)) {
            if (header == null) {
                throw bad("signature.header", "is required when signature.algorithm is " + algorithm);
            }
            headerName(header, "signature.header");
            checkTemplate(signed, "signature.signed", Set.of("body", "id", "timestamp", "url"));
            if (!signed.contains("{body}")) {
                throw bad("signature.signed", "must contain {body}");
            }
            checkValueTemplate(value, "signature.value");
            if (signed.contains("{timestamp}") && ts.header() == null && !value.contains("{timestamp}")) {
                throw bad("signature.signed", "uses {timestamp} but neither timestamp.header nor signature.value carries it");
            }
            if (signed.contains("{id}") && id.header() == null) {
                throw bad("signature.signed", "uses {id} but id.header is not set");
            }
        }
        if (separator != null && separator.isEmpty()) {
            throw bad("signature.separator", "must not be empty");
        }
        Duration tolerance = duration(m, "signature", "tolerance", null);
        Object rf = m.get("rejectFuture");
        if (rf != null && !(rf instanceof Boolean)) {
            throw bad("signature.rejectFuture", "must be true or false");
        }
        int status = integer(m, "signature", "status", 401);
        if (status < 400 || status > 599) {
            throw bad("signature.status", "must be an HTTP error status 400-599 (got " + status + ")");
        }
        List<String> alsoAccept = strings(m.get("alsoAccept"), "signature.alsoAccept");
        for (int i = 0; i < alsoAccept.size(); i++) {
            checkValueTemplate(alsoAccept.get(i), "signature.alsoAccept." + i);
        }
        List<Profile.KeyedVariant> keyed = new ArrayList<>();
        if (m.get("keyed") != null) {
            List<?> list = list(m.get("keyed"), "signature.keyed");
            for (int i = 0; i < list.size(); i++) {
                String p = "signature.keyed." + i;
                Map<String, Object> k = object(list.get(i), p, Set.of("prefix", "algorithm", "key", "value", "verifyOnly"));
                String prefix = string(k, p, "prefix", null);
                if (prefix == null || prefix.isEmpty()) {
                    throw bad(p + ".prefix", "is required");
                }
                String alg = oneOf(k, p, "algorithm", ALGORITHMS, algorithm);
                String val = string(k, p, "value", value);
                checkValueTemplate(val, p + ".value");
                keyed.add(new Profile.KeyedVariant(prefix, alg, oneOf(k, p, "key", KEY_FORMS, key), val,
                        Boolean.TRUE.equals(k.get("verifyOnly"))));
            }
        }
        return new Profile.SignatureSpec(algorithm, key, signed, header, value, separator, tolerance,
                rf == null || (Boolean) rf, status, List.copyOf(keyed),
                oneOf(m, "signature", "bodyEncoding", Set.of("raw", "ascii"), "raw"), List.copyOf(alsoAccept));
    }

    private Profile.EncryptionSpec encryption(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, Object> m = object(node, "encryption", Set.of("algorithm", "ivHeader", "ivBytes", "body", "order"));
        oneOf(m, "encryption", "algorithm", Set.of("aes-256-gcm"), "aes-256-gcm");
        String ivHeader = string(m, "encryption", "ivHeader", null);
        if (ivHeader == null) {
            throw bad("encryption.ivHeader", "is required");
        }
        headerName(ivHeader, "encryption.ivHeader");
        int ivBytes = integer(m, "encryption", "ivBytes", 12);
        if (ivBytes < 12 || ivBytes > 64) {
            throw bad("encryption.ivBytes", "must be between 12 and 64 (got " + ivBytes + ")");
        }
        return new Profile.EncryptionSpec("aes-256-gcm", ivHeader, ivBytes,
                oneOf(m, "encryption", "body", Set.of("base64", "raw"), "base64"),
                oneOf(m, "encryption", "order", Set.of("encrypt-then-sign"), "encrypt-then-sign"));
    }

    private Profile.HandshakeSpec handshake(Object node) {
        if (node == null) {
            return new Profile.HandshakeSpec("none", null, null, null);
        }
        Map<String, Object> m = object(node, "handshake", Set.of("kind", "header", "headerValue", "field"));
        String kind = oneOf(m, "handshake", "kind", HANDSHAKES, null);
        if (kind == null) {
            throw bad("handshake.kind", "is required: one of " + sorted(HANDSHAKES));
        }
        String header = string(m, "handshake", "header", null);
        if (header != null) {
            headerName(header, "handshake.header");
        }
        return new Profile.HandshakeSpec(kind, header, string(m, "handshake", "headerValue", null),
                string(m, "handshake", "field", "challenge"));
    }

    private Profile.AuthSpec auth(Object node) {
        if (node == null) {
            return new Profile.AuthSpec("none", null, null);
        }
        Map<String, Object> m = object(node, "auth", Set.of("kind", "header", "tokenUrl"));
        String kind = oneOf(m, "auth", "kind", AUTH_KINDS, "none");
        String header = string(m, "auth", "header", null);
        if (header != null) {
            headerName(header, "auth.header");
        }
        return new Profile.AuthSpec(kind, header, string(m, "auth", "tokenUrl", null));
    }

    private Profile.DeliverySpec delivery(Object node) {
        Map<String, Object> m = node == null ? Map.of()
                : object(node, "delivery", Set.of("schedule", "success", "stopOn", "timeout", "failureLimit"));
        List<Duration> schedule = new ArrayList<>();
        if (m.get("schedule") == null) {
            schedule.add(Duration.ZERO);
        } else {
            List<?> list = list(m.get("schedule"), "delivery.schedule");
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                Duration d = o instanceof String s ? Durations.parse(s).orElse(null) : null;
                if (d == null) {
                    throw bad("delivery.schedule." + i, "must be a duration such as \"0s\", \"5m\" or \"1h\" (got " + quoted(o) + ")");
                }
                schedule.add(d);
            }
            if (schedule.isEmpty()) {
                throw bad("delivery.schedule", "must list at least the first attempt (\"0s\")");
            }
        }
        String success = oneOf(m, "delivery", "success", Set.of("2xx"), "2xx");
        List<Integer> stopOn = new ArrayList<>();
        if (m.get("stopOn") != null) {
            for (Object o : list(m.get("stopOn"), "delivery.stopOn")) {
                if (!(o instanceof Long l) || l < 100 || l > 599) {
                    throw bad("delivery.stopOn", "must list HTTP statuses (got " + quoted(o) + ")");
                }
                stopOn.add(l.intValue());
            }
        }
        int failureLimit = integer(m, "delivery", "failureLimit", 5);
        if (failureLimit < 1) {
            throw bad("delivery.failureLimit", "must be at least 1");
        }
        return new Profile.DeliverySpec(List.copyOf(schedule), success, List.copyOf(stopOn),
                duration(m, "delivery", "timeout", Duration.ofSeconds(30)), failureLimit);
    }

    private Profile.EmulateSpec emulate(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, Object> m = object(node, "emulate", Set.of("api", "base", "keyHeader", "keyHeaderRequired",
                "verify", "retention", "deliveryId", "thin", "eventsPath", "tokenPath", "catalogPath",
                "pausedByDefault"));
        String api = oneOf(m, "emulate", "api", Set.of("paismo", "teal", "aspnet", "paxos"), null);
        if (api == null) {
            throw bad("emulate.api", "is required: one of [aspnet, paismo, paxos, teal]");
        }
        String keyHeader = string(m, "emulate", "keyHeader", null);
        if (keyHeader != null) {
            headerName(keyHeader, "emulate.keyHeader");
        }
        return new Profile.EmulateSpec(api, path(m, "base", "/webhooks"), keyHeader,
                bool(m, "emulate", "keyHeaderRequired"), oneOf(m, "emulate", "verify",
                        Set.of("endpoint", "on-register", "none"), "none"),
                duration(m, "emulate", "retention", Duration.ofDays(90)), string(m, "emulate", "deliveryId", null),
                List.copyOf(strings(m.get("thin"), "emulate.thin")), path(m, "eventsPath", null),
                path(m, "tokenPath", null), path(m, "catalogPath", null), bool(m, "emulate", "pausedByDefault"));
    }

    private String path(Map<String, Object> m, String field, String dflt) {
        String p = string(m, "emulate", field, dflt);
        if (p != null && (!p.startsWith("/") || p.endsWith("/") || p.contains("{") || p.contains("//"))) {
            throw bad("emulate." + field, "must be a path such as \"/v1/webhooks\" (got " + quoted(p) + ")");
        }
        return p;
    }

    private boolean bool(Map<String, Object> m, String path, String field) {
        Object o = m.get(field);
        if (o != null && !(o instanceof Boolean)) {
            throw bad(join(path, field), "must be true or false (got " + quoted(o) + ")");
        }
        return Boolean.TRUE.equals(o);
    }

    private Profile.EnvelopeSpec envelope(Object node) {
        Map<String, Object> m = node == null ? Map.of()
                : object(node, "envelope", Set.of("format", "data", "eventType", "eventId", "attempt", "eventTypeHeader",
                        "payload", "fresh"));
        return new Profile.EnvelopeSpec(
                oneOf(m, "envelope", "format", ENVELOPE_FORMATS, "compact"),
                string(m, "envelope", "data", "data"),
                string(m, "envelope", "eventType", "type"),
                string(m, "envelope", "eventId", "id"),
                string(m, "envelope", "attempt", null),
                string(m, "envelope", "eventTypeHeader", null),
                payload(m),
                fresh(m.get("fresh")));
    }

    private Map<String, String> fresh(Object node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(node, "envelope.fresh", null).entrySet()) {
            String path = e.getKey();
            if (!dottedPath(path)) {
                throw bad("envelope.fresh", "keys must be dotted paths such as \"event_id\" (got " + quoted(path) + ")");
            }
            if (!(e.getValue() instanceof String v) || !v.contains("{{")) {
                throw bad("envelope.fresh." + path, "must be a sample placeholder such as \"{{uuid}}\" or \"{{now:iso}}\"");
            }
            fresh.put(path, v);
        }
        return java.util.Collections.unmodifiableMap(fresh);
    }

    private String payload(Map<String, Object> m) {
        String payload = string(m, "envelope", "payload", null);
        if (payload != null && !dottedPath(payload)) {
            throw bad("envelope.payload", "must be a dotted path such as \"data.payload\" (got " + quoted(payload) + ")");
        }
        return payload;
    }

    private static boolean dottedPath(String path) {
        return !path.isEmpty() && !path.startsWith(".") && !path.endsWith(".") && !path.contains("..");
    }

    // ---- field readers ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object node, String path, Set<String> allowed) {
        if (!(node instanceof Map)) {
            throw bad(path.isEmpty() ? "(top level)" : path, "must be a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) node;
        if (allowed != null) {
            for (String key : m.keySet()) {
                if (!allowed.contains(key)) {
                    String field = path.isEmpty() ? key : path + "." + key;
                    throw HooksException.input("provider file " + source + ": unknown field '" + field
                            + "' (known: " + sorted(allowed) + ")");
                }
            }
        }
        return m;
    }

    private List<?> list(Object node, String path) {
        if (!(node instanceof List<?> l)) {
            throw bad(path, "must be a JSON array");
        }
        return l;
    }

    private List<String> strings(Object node, String path) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Object o : list(node, path)) {
            if (!(o instanceof String s)) {
                throw bad(path, "must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    private String string(Map<String, Object> m, String path, String field, String dflt) {
        Object o = m.get(field);
        if (o == null) {
            return dflt;
        }
        if (!(o instanceof String s)) {
            throw bad(join(path, field), "must be a string (got " + quoted(o) + ")");
        }
        return s;
    }

    private int integer(Map<String, Object> m, String path, String field, int dflt) {
        Object o = m.get(field);
        if (o == null) {
            return dflt;
        }
        if (!(o instanceof Long l) || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw bad(join(path, field), "must be a whole number (got " + quoted(o) + ")");
        }
        return l.intValue();
    }

    private Duration duration(Map<String, Object> m, String path, String field, Duration dflt) {
        Object o = m.get(field);
        if (o == null) {
            return dflt;
        }
        Duration d = o instanceof String s ? Durations.parse(s).orElse(null)
                : o instanceof Long l ? Duration.ofSeconds(l) : null;
        if (d == null) {
            throw bad(join(path, field), "must be a duration such as \"300s\" or \"5m\" (got " + quoted(o) + ")");
        }
        return d;
    }

    private String oneOf(Map<String, Object> m, String path, String field, Set<String> allowed, String dflt) {
        String v = string(m, path, field, dflt);
        if (v != null && !allowed.contains(v)) {
            throw bad(join(path, field), quoted(v) + " is not one of " + sorted(allowed));
        }
        return v;
    }

    private void headerName(String name, String path) {
        if (!HEADER_NAME.matcher(name).matches()) {
            throw bad(path, quoted(name) + " is not a valid HTTP header name");
        }
    }

    private void checkTemplate(String template, String path, Set<String> vars) {
        for (String var : Templates.variables(template)) {
            if (!vars.contains(var)) {
                throw bad(path, "unknown placeholder {" + var + "} (known: " + sorted(vars) + ")");
            }
        }
    }

    private void checkValueTemplate(String template, String path) {
        checkTemplate(template, path, ValueTemplate.VARIABLES);
        List<String> vars = Templates.variables(template);
        long sigs = vars.stream().filter(ValueTemplate.SIGNATURE_VARIABLES::contains).count();
        if (sigs != 1) {
            throw bad(path, "must contain exactly one of {hex}, {HEX}, {base64} (got " + quoted(template) + ")");
        }
    }

    private HooksException bad(String field, String message) {
        return HooksException.input("provider file " + source + ": " + field + " " + message);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String quoted(Object o) {
        return o instanceof String ? "'" + o + "'" : String.valueOf(o);
    }

    private static String sorted(Set<String> set) {
        return String.join(", ", new java.util.TreeSet<>(set));
    }
}
