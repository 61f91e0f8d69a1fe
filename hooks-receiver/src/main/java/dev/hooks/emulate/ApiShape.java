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

    static String url(JsonNode body, String field) {
        String u = string(body, field, true);
        try {
            URI uri = new URI(u);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw ApiError.badField(field, "must be an absolute http or https URL (got '" + u + "')");
            }
        } catch (java.net.URISyntaxException e) {
            throw ApiError.badField(field, "must be an absolute http or https URL (got '" + u + "')");
        }
        return u;
    }

    static String string(JsonNode body, String field, boolean required) {
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
        return v.textValue();
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
            throw ApiError.badField(field, "'" + t + "' is not an event type (known: " + String.join(", ",
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
            default -> throw ApiError.badField("status", "must be \"paused\" or \"active\" (got '" + status + "')");
        }
    }
}
