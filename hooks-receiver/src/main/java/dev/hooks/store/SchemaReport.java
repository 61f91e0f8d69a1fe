package dev.hooks.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.schema.SchemaError;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delivery's check against its event's schema, as the history keeps it: inside the recorded verification
 * document, as {@code "schema": {"result": "valid"|"invalid", "errors": [{"pointer", "message"}]}}, so the history's
 * table needs no column of its own. Read back as the {@code schema} and {@code schema_errors} fields of a delivery.
 */
public final class SchemaReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The part {@link #append} adds for a valid delivery, the same every time: written and read back without JSON. */
    private static final String VALID_PART = "\"schema\":{\"result\":\"valid\",\"errors\":[]}";

    private SchemaReport() {}

    /** The verification document (or none) with the schema result added. */
    public static String append(String verification, SchemaResult r) {
        String part;
        if (SchemaResult.VALID.equals(r.verdict()) && r.errors().isEmpty()) {
            part = VALID_PART;
        } else {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("result", r.verdict());
            schema.put("errors", errors(r.errors()));
            part = "\"schema\":" + Json.write(schema, 0);
        }
        if (verification == null || verification.isBlank()) {
            return "{" + part + "}";
        }
        String v = verification.strip();
        return v.equals("{}") ? "{" + part + "}" : v.substring(0, v.length() - 1) + "," + part + "}";
    }

    /** The body of a {@code --schema-strict} 400: {@code {"ok": false, "schema": "invalid", "schema_errors": [...]}}. */
    public static byte[] answer(SchemaResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("schema", r.verdict());
        m.put("schema_errors", errors(r.errors()));
        return (Json.write(m, 0) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code schema} ({@code valid}, {@code invalid} or {@code none}) and {@code schema_errors} of a delivery. */
    public static void put(Map<String, Object> m, StoredDelivery d) {
        String verdict = SchemaResult.NONE;
        List<Map<String, Object>> errors = List.of();
        String v = d.verification();
        if (v != null && v.endsWith(VALID_PART + "}")) { // as append wrote it: the document's last member
            verdict = SchemaResult.VALID;
        } else if (v != null && v.contains("\"schema\"")) {
            try {
                JsonNode schema = JSON.readTree(v).get("schema");
                if (schema != null && schema.hasNonNull("result")) {
                    verdict = schema.get("result").asText();
                    errors = new ArrayList<>();
                    for (JsonNode e : schema.path("errors")) {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("pointer", e.path("pointer").asText());
                        one.put("message", e.path("message").asText());
                        errors.add(one);
                    }
                }
            } catch (IOException e) {
                // not a document we wrote: no schema result
            }
        }
        m.put("schema", verdict);
        m.put("schema_errors", errors);
    }

    /** A delivery's schema errors as {@code /pointer: message} lines; empty unless it broke its schema. */
    @SuppressWarnings("unchecked")
    public static List<String> lines(StoredDelivery d) {
        if (d.verification() == null || !d.verification().contains("\"invalid\"")) {
            return List.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, d);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) m.get("schema_errors")) {
            out.add(new SchemaError((String) e.get("pointer"), (String) e.get("message")).toString());
        }
        return out;
    }

    /** A delivery's verdict: {@code valid}, {@code invalid} or {@code none}. */
    public static String verdict(StoredDelivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, d);
        return (String) m.get("schema");
    }

    private static List<Map<String, Object>> errors(List<SchemaError> errors) {
        List<Map<String, Object>> out = new ArrayList<>(errors.size());
        for (SchemaError e : errors) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("pointer", e.pointer());
            one.put("message", e.message());
            out.add(one);
        }
        return out;
    }
}
