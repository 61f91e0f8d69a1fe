package dev.hooks.listen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.crypto.ConstantTime;
import dev.hooks.schema.SchemaResult;
import dev.hooks.store.SchemaReport;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.Verification;
import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one delivery: the credentials it carries (an API key, a token the listener issued), its signature
 * over the raw bytes as received, and its envelope (the event type and id, and whether a JSON body is JSON).
 */
final class Verifier {
    private final ListenerSettings s;
    private final TokenIssuer tokens;
    private volatile String publicUrl;

    /** How reasons name the receiver's settings. */
    Terms terms() {
        return s.terms();
    }

    Verifier(ListenerSettings s, TokenIssuer tokens) {
        this.s = s;
        this.tokens = tokens;
    }

    /**
     * Checks the API key and the bearer token the endpoint asks for, and marks their headers to be redacted; the
     * reason a check failed (the answer is then 401), or null.
     */
    String credentials(Exchange x, Endpoint.Auth auth) {
        Set<String> redact = new HashSet<>();
        String why = null;
        if (auth.apiKeyHeader() != null) {
            redact.add(auth.apiKeyHeader().toLowerCase(Locale.ROOT));
            List<String> keys = x.lookup.all(auth.apiKeyHeader());
            if (keys.isEmpty()) {
                why = "missing API key header " + auth.apiKeyHeader();
            } else if (keys.size() > 1) {
                why = "API key header " + auth.apiKeyHeader() + " appears " + keys.size() + " times";
            } else if (!ConstantTime.equals(auth.apiKey(), keys.get(0).getBytes(StandardCharsets.UTF_8))) {
                why = "wrong API key in " + auth.apiKeyHeader();
            }
        }
        if (why == null && auth.requiresBearer()) {
            redact.add("authorization");
            List<String> values = x.lookup.all("Authorization");
            why = values.size() > 1 ? "Authorization appears " + values.size() + " times"
                    : tokens.check(values.isEmpty() ? null : values.get(0));
            if (why != null) {
                x.responseHeaders.add(new Header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            }
        } else if (auth.requiresBearer()) {
            redact.add("authorization");
        }
        x.redactHeaders = redact;
        x.verified = why == null;
        return why;
    }

    Verification verify(Wire w, Exchange x, Endpoint e) {
        if (e.scheme() == null) {
            return Verification.failed(e.profile().signature().algorithm(), "no secret for provider '" + e.name()
                    + "': " + s.terms().secretHint(e.name()));
        }
        Duration tolerance = !s.checkTimestamp() ? null : s.tolerance() != null ? s.tolerance() : e.scheme().tolerance();
        String url = e.profile().signature().signed().contains("{url}") ? signedUrl(w) : null;
        Verification v = e.scheme().verify(x.body, x.lookup, url, s.clock().instant(), tolerance);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", v.valid());
        doc.put("algorithm", v.algorithm());
        doc.put("encoding", v.encoding());
        doc.put("received", v.received());
        if (!v.isValid() && v.expected() != null) {
            doc.put("expected", v.expected());
        }
        doc.put("timestamp", v.timestamp());
        x.verification = Json.write(doc, 0);
        return v;
    }

    /** Sets the public base URL (a tunnel's, or {@code --public-url}), or null. */
    void publicUrl(String url) {
        publicUrl = url;
    }

    /** The public base URL, or null. */
    String publicUrl() {
        return publicUrl;
    }

    /**
     * The URL a provider signed: the public URL's when the request came through a tunnel (or names the public host),
     * since that is the URL the provider was given; else the URL as the request names it.
     */
    private String signedUrl(Wire w) {
        String pub = publicUrl;
        if (pub != null) {
            String host = w.header("Host");
            if (w.connector().equals(ControlPlane.TUNNEL)
                    || host != null && host.equalsIgnoreCase(java.net.URI.create(pub).getRawAuthority())) {
                String q = w.query();
                return pub + w.path() + (q == null ? "" : "?" + q);
            }
        }
        return w.fullUrl();
    }

    /** Reads the event type and id; false (and a 400 answer) when a body that must be JSON is not. */
    boolean parseEnvelope(Exchange x, Endpoint e, byte[] content, boolean quiet) {
        String type = x.header("Content-Type");
        if (type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                || type.regionMatches(true, 0, "multipart/", 0, 10))) {
            return true; // form posts (Slack interactivity and the like): nothing to parse
        }
        Profile.EnvelopeSpec env = e.profile().envelope();
        JsonNode root = null;
        if (content.length == 0) {
            if (!quiet) {
                x.answer(400, "empty body: expected a JSON " + e.name() + " delivery");
            }
            return quiet;
        }
        try {
            root = Listener.JSON.readTree(content);
        } catch (IOException | RuntimeException ex) {
            if (!quiet) {
                x.answer(400, "malformed JSON: " + Exchange.firstLine(ex.getMessage()));
            }
            return quiet;
        }
        x.json = root;
        if (env != null) {
            // A provider that names the event in a header (GitHub, Shopify) means that name; the body is the fallback.
            x.eventType = env.eventTypeHeader() != null ? x.header(env.eventTypeHeader()) : null;
            if (x.eventType == null) {
                x.eventType = field(root, env.eventType());
            }
            x.eventId = field(root, env.eventId());
        }
        if (x.eventId == null && e.profile().id() != null && e.profile().id().header() != null) {
            x.eventId = x.header(e.profile().id().header());
        }
        if (x.eventId != null && x.eventId.length() > 200) {
            x.eventId = x.eventId.substring(0, 200);
        }
        if (x.eventType != null && x.eventType.length() > 200) {
            x.eventType = x.eventType.substring(0, 200);
        }
        return true;
    }

    /**
     * Checks the parsed body against its event's schema and adds the result to the verification document (which
     * the history keeps): {@code "schema": {"result": "valid"|"invalid", "errors": [{"pointer", "message"}]}}.
     * Returns the result, or null when the event has no schema. A schema that cannot be read is noted in the reason.
     */
    SchemaResult checkSchema(Exchange x, Endpoint e) {
        if (e.schemas() == null || x.json == null || !e.schemas().has(x.eventType)) {
            return null;
        }
        SchemaResult r;
        try {
            r = e.schemas().check(x.eventType, x.json);
        } catch (RuntimeException ex) {
            x.note("schema not checked: " + Exchange.firstLine(ex.getMessage()));
            return null;
        }
        x.verification = SchemaReport.append(x.verification, r);
        return r;
    }

    static String field(JsonNode root, String path) {
        if (path == null || path.isEmpty() || root == null) {
            return null;
        }
        JsonNode n = root;
        int from = 0;
        while (n != null && from <= path.length()) {
            int dot = path.indexOf('.', from);
            String part = dot < 0 ? path.substring(from) : path.substring(from, dot);
            if (n.isArray() && !part.isEmpty() && part.chars().allMatch(Character::isDigit) && part.length() < 9) {
                n = n.get(Integer.parseInt(part));
            } else {
                n = n.isObject() ? n.get(part) : null;
            }
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        return n != null && (n.isTextual() || n.isNumber()) ? n.asText() : null;
    }
}
