package dev.hooks.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.scheme.Profile;
import dev.hooks.store.DeliveryFields;
import dev.hooks.store.SchemaReport;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON documents the inspector's API serves for a stored delivery: a summary for lists and the live stream, a
 * detail with bodies and the verification steps, and one line of a JSON Lines export (the same fields as
 * {@code hooks events export}). Nothing here adds a secret: everything comes from the history, which holds none,
 * and from the provider's profile (header names and templates, never keys).
 */
final class DeliveryDocuments {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final ObjectMapper PRETTY = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
    /** Bodies above this are not pretty-printed (the raw text is still served). */
    static final int PRETTY_LIMIT = 2 * 1024 * 1024;
    /** How much of the body the "what was signed" step shows. */
    static final int SIGNED_SHOWN = 4000;

    private final Function<String, Optional<Profile>> profiles;

    DeliveryDocuments(Function<String, Optional<Profile>> profiles) {
        this.profiles = profiles;
    }

    /** The word for the signature check: {@code valid}, {@code invalid} or {@code unsigned}. */
    static String result(StoredDelivery d) {
        return d.verified() == null ? "unsigned" : d.verified() ? "valid" : "invalid";
    }

    /** The inspector's list entry: {@code seq} first (the stream's cursor), the verdict as a word, the replay link. */
    Map<String, Object> summary(StoredDelivery d) {
        return summary(d, d.bodyLength());
    }

    /** The list entry of a row read without its bodies ({@link dev.hooks.store.DeliveryStore#listSummaries}). */
    Map<String, Object> summary(DeliverySummary s) {
        return summary(s.row(), s.bodyBytes());
    }

    private Map<String, Object> summary(StoredDelivery d, int bodyBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", d.seq());
        m.put("id", d.id());
        DeliveryFields.putRequest(m, d);
        m.put("result", result(d));
        DeliveryFields.putOutcome(m, d, d.latencyMicros(), bodyBytes);
        m.put("replay_of", d.replayOf());
        return m;
    }

    Map<String, Object> detail(StoredDelivery d) {
        Map<String, Object> m = summary(d);
        m.put("query", d.query());
        m.put("headers", headers(d.headers()));
        m.put("body", body(d.body(), d.header("Content-Type")));
        m.put("decrypted_body", d.decrypted() == null ? null : body(d.decrypted(), "application/json"));
        m.put("verification", verification(d));
        SchemaReport.put(m, d);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", d.status());
        answer.put("headers", headers(d.responseHeaders()));
        answer.put("body", body(d.responseBody(), firstHeader(d.responseHeaders(), "Content-Type")));
        m.put("answer", answer);
        if (d.forwardedTo() != null) {
            Map<String, Object> fwd = new LinkedHashMap<>();
            fwd.put("to", d.forwardedTo());
            fwd.put("status", d.forwardStatus());
            fwd.put("error", d.forwardError());
            m.put("forward", fwd);
        } else {
            m.put("forward", null);
        }
        return m;
    }

    /** One line of the export: the fields of {@code hooks events export}. */
    Map<String, Object> exportLine(StoredDelivery d) {
        return DeliveryFields.full(d);
    }

    /** The verification steps: what was signed, how, expected against received, and the outcome. */
    Map<String, Object> verification(StoredDelivery d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("result", result(d));
        v.put("reason", d.reason());
        JsonNode recorded = parse(d.verification());
        Profile profile = d.provider() == null ? null : profiles.apply(d.provider()).orElse(null);
        Profile.SignatureSpec spec = profile == null ? null : profile.signature();
        if (spec != null && !spec.none()) {
            v.put("header", spec.header());
            v.put("header_value", d.header(spec.header()));
            v.put("value_template", spec.value());
            v.put("signed_template", spec.signed());
            v.put("key_form", spec.key());
            v.put("tolerance_seconds", spec.tolerance() == null ? null : spec.tolerance().toSeconds());
        }
        v.put("algorithm", text(recorded, "algorithm", spec == null ? null : spec.algorithm()));
        v.put("encoding", text(recorded, "encoding", null));
        List<String> received = new ArrayList<>();
        if (recorded != null && recorded.path("received").isArray()) {
            recorded.path("received").forEach(n -> received.add(n.asText()));
        }
        v.put("received", received);
        String expected = text(recorded, "expected", null);
        v.put("expected", expected);
        v.put("matched", Boolean.TRUE.equals(d.verified()));
        String timestamp = text(recorded, "timestamp", null);
        if (timestamp == null && profile != null && profile.timestamp().header() != null) {
            timestamp = d.header(profile.timestamp().header());
        }
        v.put("timestamp", timestamp);
        if (profile != null) {
            v.put("timestamp_header", profile.timestamp().header());
            v.put("id_header", profile.id().header());
            v.put("id", profile.id().header() == null ? null : d.header(profile.id().header()));
        }
        String signed = text(recorded, "signed_content", null);
        if (signed == null && spec != null && !spec.none()) {
            signed = signedContent(spec.signed(), d, timestamp,
                    profile.id().header() == null ? null : d.header(profile.id().header()));
        }
        v.put("signed_content", signed);
        v.put("recorded", withoutSecrets(recorded));
        return v;
    }

    private static String signedContent(String template, StoredDelivery d, String timestamp, String id) {
        String body = DeliveryFields.utf8(d.body());
        if (body == null) {
            body = "(" + d.bodyLength() + " bytes, not UTF-8 text)";
        } else if (body.length() > SIGNED_SHOWN) {
            body = body.substring(0, SIGNED_SHOWN) + "…(" + body.length() + " chars)";
        }
        String query = d.query() == null ? "" : "?" + d.query();
        return template.replace("{timestamp}", timestamp == null ? "" : timestamp)
                .replace("{id}", id == null ? "" : id)
                .replace("{url}", d.path() + query)
                .replace("{body}", body);
    }

    /** The recorded verification document, without any field whose name speaks of a secret or key. */
    private static JsonNode withoutSecrets(JsonNode recorded) {
        if (recorded == null || !recorded.isObject()) {
            return recorded;
        }
        ObjectNode copy = ((ObjectNode) recorded).deepCopy();
        for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
            String name = it.next().toLowerCase(Locale.ROOT);
            if (name.contains("secret") || name.equals("key") || name.endsWith("_key") || name.contains("password")) {
                it.remove();
            }
        }
        return copy;
    }

    static Map<String, Object> body(byte[] bytes, String contentType) {
        Map<String, Object> m = new LinkedHashMap<>();
        String text = DeliveryFields.utf8(bytes);
        m.put("bytes", bytes.length);
        m.put("content_type", contentType);
        m.put("text", text);
        m.put("base64", Base64.getEncoder().encodeToString(bytes));
        m.put("json", text == null ? null : pretty(bytes));
        return m;
    }

    /** Pretty JSON when the bytes are one JSON object or array, else null. */
    static String pretty(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > PRETTY_LIMIT) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            return n != null && (n.isObject() || n.isArray()) ? PRETTY.writeValueAsString(n) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static String text(JsonNode doc, String field, String fallback) {
        if (doc == null || !doc.isObject()) {
            return fallback;
        }
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static List<Map<String, String>> headers(List<Header> headers) {
        List<Map<String, String>> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("value", h.value());
            out.add(m);
        }
        return out;
    }

    private static String firstHeader(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
