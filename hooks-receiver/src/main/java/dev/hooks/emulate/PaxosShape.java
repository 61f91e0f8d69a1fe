package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Registrations for Paxos, which registers consumers by hand: a small API of the emulator's own, {@code url},
 * {@code event_types} and the consumer's {@code auth} ({@code {"type": "api_key", "header", "key"}} or
 * {@code {"type": "oauth2", "token_url", "client_id", "client_secret"}}), and the document's {@code environment}
 * ({@code Sandbox} or {@code Prod}, kept and shown); errors as RFC 9457 problem details, as
 * Paxos's own APIs answer.
 */
final class PaxosShape extends ApiShape {
    private static final List<String> ENVIRONMENTS = List.of("Sandbox", "Prod");

    @Override
    void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        object(body);
        s.url = url(body, "url");
        s.events = eventNames(body, "event_types", knownEvents, true);
        s.selection = body.get("event_types").deepCopy();
        s.auth = auth(body.get("auth"));
        s.environment = environment(body);
        s.status = Subscription.ACTIVE;
    }

    /** The document's {@code environment}: {@code Sandbox} or {@code Prod}, kept and shown as written there. */
    private static String environment(JsonNode body) {
        String e = string(body, "environment", false);
        if (e == null) {
            return null;
        }
        for (String known : ENVIRONMENTS) {
            if (known.equalsIgnoreCase(e)) {
                return known;
            }
        }
        throw ApiError.badField("environment", "must be Sandbox or Prod (got '" + abbreviate(e) + "')");
    }

    private static Subscription.ConsumerAuth auth(JsonNode a) {
        if (a == null || a.isNull()) {
            return Subscription.ConsumerAuth.NONE;
        }
        if (!a.isObject()) {
            throw ApiError.badField("auth", "must be an object with a type: api_key or oauth2");
        }
        String type = a.path("type").asText("");
        return switch (type) {
            case "api_key" -> new Subscription.ConsumerAuth(type, header(a), prefixed(a, "key"), null, null, null);
            case "oauth2" -> new Subscription.ConsumerAuth(type, null, null, tokenUrl(a), prefixed(a, "client_id"), prefixed(a, "client_secret"));
            case "none" -> Subscription.ConsumerAuth.NONE;
            default -> throw ApiError.badField("auth.type", "must be api_key, oauth2 or none (got '" + type + "')");
        };
    }

    private static String tokenUrl(JsonNode a) {
        try {
            return url(a, "token_url");
        } catch (ApiError e) {
            throw ApiError.badField("auth.token_url", e.getMessage().substring("token_url".length() + 1));
        }
    }

    private static String header(JsonNode a) {
        String h = prefixed(a, "header");
        if (!h.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw ApiError.badField("auth.header", "is not a valid header name");
        }
        return h;
    }

    private static String prefixed(JsonNode a, String field) {
        try {
            return string(a, field, true);
        } catch (ApiError e) {
            throw ApiError.badField("auth." + field, e.getMessage().substring(field.length() + 1));
        }
    }

    @Override
    void update(Subscription s, JsonNode body, Set<String> knownEvents) {
        object(body);
        if (body.has("url")) {
            s.url = url(body, "url");
        }
        if (body.has("event_types")) {
            s.events = eventNames(body, "event_types", knownEvents, true);
            s.selection = body.get("event_types").deepCopy();
        }
        if (body.has("environment")) {
            s.environment = environment(body);
        }
        status(s, body);
    }

    @Override
    JsonNode render(Subscription s, boolean created) {
        ObjectNode o = NODES.objectNode();
        o.put("id", s.id);
        o.put("url", s.url);
        o.set("event_types", s.selection);
        if (s.environment != null) {
            o.put("environment", s.environment);
        }
        ObjectNode a = o.putObject("auth");
        a.put("type", s.auth.type());
        if (s.auth.header() != null) {
            a.put("header", s.auth.header());
        }
        if (s.auth.tokenUrl() != null) {
            a.put("token_url", s.auth.tokenUrl()).put("client_id", s.auth.clientId());
        }
        putState(o, s);
        return o;
    }

    @Override
    JsonNode error(ApiError e) {
        ObjectNode o = NODES.objectNode();
        o.put("type", "about:blank");
        o.put("title", switch (e.status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            default -> "Error";
        });
        o.put("status", e.status);
        o.put("detail", e.getMessage());
        return o;
    }

    @Override
    String errorType() {
        return "application/problem+json";
    }
}
