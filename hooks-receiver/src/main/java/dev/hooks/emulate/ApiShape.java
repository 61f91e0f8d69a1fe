package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The documents of one kind of management API: how a subscription is written in a request, shown in an answer,
 * changed, and how errors look. The routes and the state are the same for every provider ({@link Emulation});
 * only these shapes differ, as the providers' documents do.
 */
abstract class ApiShape {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The HTTP method that changes a subscription: {@code PATCH} or {@code PUT}. */
    String updateMethod() {
        return "PATCH";
    }

    /** Reads a new subscription from a request body; throws {@link ApiError} naming the bad field. */
    abstract void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault);

    /** Applies a change; throws {@link ApiError} naming the bad field. */
    abstract void update(Subscription s, JsonNode body, Set<String> knownEvents);

    /** The subscription as the API shows it; {@code created} for the answer to its creation. */
    abstract JsonNode render(Subscription s, boolean created);

    /** The lifecycle fields the snake_case shapes share: status, why, and when it was made. */
    static void putState(ObjectNode o, Subscription s) {
        o.put("status", s.status);
        if (s.reason != null) {
            o.put("status_reason", s.reason);
        }
        o.put("created_at", s.createdAt.toString());
    }

    /** A list answer. */
    JsonNode list(List<JsonNode> items) {
        return NODES.arrayNode().addAll(items);
    }

    /** An error body in the provider's style. */
    abstract JsonNode error(ApiError e);

    /** The content type of error bodies. */
    String errorType() {
        return "application/json";
    }

    static ApiShape of(String api) {
        return switch (api) {
            case "paismo" -> new PaismoShape();
            case "teal" -> new TealShape();
            case "aspnet" -> new AspNetShape();
            case "paxos" -> new PaxosShape();
            default -> throw new IllegalArgumentException("no API shape " + api);
        };
    }

    // ---- readers shared by the shapes ----

    static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.badField("body", "must be a JSON object");
        }
        return (ObjectNode) body;
    }

    /** The longest subscription URL accepted (browsers and most servers stop near here too). */
    static final int MAX_URL = 2048;
    /** The longest of any other string field: names, descriptions, secrets, keys, header names, filter values. */
    static final int MAX_TEXT = 1024;
    /** The most entries in a list: event types, filter fields. */
    static final int MAX_ITEMS = 100;

    static String url(JsonNode body, String field) {
        String u = string(body, field, true, MAX_URL);
        try {
            URI uri = new URI(u);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw ApiError.badField(field, "must be an absolute http or https URL (got '" + abbreviate(u) + "')");
            }
        } catch (java.net.URISyntaxException e) {
            throw ApiError.badField(field, "must be an absolute http or https URL (got '" + abbreviate(u) + "')");
        }
        return u;
    }

    static String string(JsonNode body, String field, boolean required) {
        return string(body, field, required, MAX_TEXT);
    }

    /** A non-empty string of at most {@code max} characters; throws {@link ApiError} naming the field. */
    static String string(JsonNode body, String field, boolean required, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.badField(field, "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw ApiError.badField(field, "must be a non-empty string");
        }
        if (v.textValue().length() > max) {
            throw ApiError.badField(field, "is too long: at most " + max + " characters (got " + v.textValue().length() + ")");
        }
        return v.textValue();
    }

    /** A value quoted back in an error: at most 100 characters of it. */
    static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }

    /** An array of at most {@link #MAX_ITEMS} entries; throws {@link ApiError} naming the field. */
    static JsonNode items(JsonNode v, String field) {
        if (v != null && v.isArray() && v.size() > MAX_ITEMS) {
            throw ApiError.badField(field, "has too many entries: at most " + MAX_ITEMS + " (got " + v.size() + ")");
        }
        return v;
    }

    static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiError.badField(field, "must be true or false");
        }
        return v.booleanValue();
    }

    /** A boolean, or the strings {@code "true"} and {@code "false"} (a document's own example writes one). */
    static Boolean boolOrString(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v != null && v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.valueOf(v.textValue());
        }
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw ApiError.badField(field, "must be true or false (a boolean, or the string \"true\" or \"false\")");
        }
        return bool(body, field);
    }

    /** A non-empty array of known event names ({@code *} for all). */
    static List<EventFilter> eventNames(JsonNode body, String field, Set<String> known, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.badField(field, "is required: a list of event types");
            }
            return List.of(EventFilter.of("*"));
        }
        if (!v.isArray() || v.isEmpty()) {
            throw ApiError.badField(field, "must be a non-empty array of event types");
        }
        items(v, field);
        List<EventFilter> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(EventFilter.of(known(v.get(i), field + "[" + i + "]", known)));
        }
        return out;
    }

    static String known(JsonNode v, String field, Set<String> known) {
        if (v == null || !v.isTextual()) {
            throw ApiError.badField(field, "must be an event type string");
        }
        String t = v.textValue();
        if (!t.equals("*") && !known.contains(t)) {
            throw ApiError.badField(field, "'" + abbreviate(t) + "' is not an event type (known: " + String.join(", ",
                    new java.util.TreeSet<>(known)) + ")");
        }
        return t;
    }

    /** {@code {"status": "paused"|"active"}}: pause, resume, or bring a failed subscription back. */
    static void status(Subscription s, JsonNode body) {
        String status = string(body, "status", false);
        if (status == null) {
            return;
        }
        switch (status) {
            case Subscription.PAUSED -> {
                if (s.status.equals(Subscription.PENDING)) {
                    throw new ApiError(409, "conflict", "status", "status: verify the subscription before pausing it");
                }
                s.status = Subscription.PAUSED;
            }
            case Subscription.ACTIVE -> {
                if (s.status.equals(Subscription.PENDING)) {
                    throw new ApiError(409, "conflict", "status", "status: the subscription is not verified yet");
                }
                s.status = Subscription.ACTIVE;
                s.consecutiveFailures = 0;
                s.reason = null;
            }
            default -> throw ApiError.badField("status", "must be \"paused\" or \"active\" (got '" + abbreviate(status) + "')");
        }
    }
}
