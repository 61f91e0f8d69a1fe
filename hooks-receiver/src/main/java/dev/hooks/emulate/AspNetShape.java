package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ASP.NET WebHooks registration model (Paycor, KeyPay): {@code Id, WebHookUri, Secret, Description, IsPaused,
 * Filters}, changed by PUT of the whole registration; errors as ASP.NET writes them ({@code Message},
 * {@code ModelState}). A failed registration shows as paused, with {@code Status} saying why. Field names bind
 * whatever their case, as ASP.NET binds them, and {@code Filters} may be one comma-delimited string.
 */
final class AspNetShape extends ApiShape {
    @Override
    String updateMethod() {
        return "PUT";
    }

    /** The registration's fields as ASP.NET names them; a request may write them in any case, as ASP.NET binds them. */
    private static final List<String> FIELDS = List.of("Id", "WebHookUri", "Secret", "Description", "IsPaused", "Filters");

    @Override
    void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        read(s, canonical(body), knownEvents, pausedByDefault);
    }

    @Override
    void update(Subscription s, JsonNode raw, Set<String> knownEvents) {
        ObjectNode body = canonical(raw);
        String id = string(body, "Id", false);
        if (id != null && !id.equals(s.id)) {
            throw ApiError.badField("Id", "does not match the registration in the URL");
        }
        String keptSecret = s.secret;
        read(s, body, knownEvents, s.status.equals(Subscription.PAUSED));
        if (s.secret == null) {
            s.secret = keptSecret;
            s.signed = keptSecret != null;
        }
    }

    /**
     * The body with the registration's fields under their ASP.NET names, whatever case the request wrote them in
     * ({@code webhookUri}, {@code WebhookUri}); a field written twice in different cases is refused. Filters given as
     * one comma-delimited string become the array of its names.
     */
    static ObjectNode canonical(JsonNode body) {
        ObjectNode in = object(body);
        ObjectNode out = NODES.objectNode();
        Map<String, String> seen = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = FIELDS.stream().filter(n -> n.equalsIgnoreCase(f.getKey())).findFirst().orElse(f.getKey());
            String before = seen.put(name.toLowerCase(Locale.ROOT), f.getKey());
            if (before != null) {
                throw ApiError.badField(name, "is given twice, as " + before + " and " + f.getKey());
            }
            out.set(name, f.getValue());
        }
        JsonNode filters = out.get("Filters");
        if (filters != null && filters.isTextual()) {
            ArrayNode names = NODES.arrayNode();
            for (String part : filters.textValue().split(",", -1)) {
                if (part.isBlank()) {
                    throw ApiError.badField("Filters", "must be event names, comma delimited, or an array of them");
                }
                names.add(part.strip());
            }
            out.set("Filters", names);
        }
        return out;
    }

    private static void read(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        s.url = url(body, "WebHookUri");
        String secret = string(body, "Secret", s.secret == null);
        if (secret != null) {
            s.secret = secret;
            s.signed = true;
        }
        s.description = string(body, "Description", false);
        s.events = eventNames(body, "Filters", knownEvents, false);
        s.selection = body.has("Filters") ? body.get("Filters").deepCopy() : NODES.arrayNode();
        Boolean paused = bool(body, "IsPaused");
        boolean p = paused != null ? paused : pausedByDefault;
        s.status = p ? Subscription.PAUSED : Subscription.ACTIVE;
        if (!p) {
            s.consecutiveFailures = 0;
            s.reason = null;
        }
    }

    @Override
    JsonNode render(Subscription s, boolean created) {
        ObjectNode o = NODES.objectNode();
        o.put("Id", s.id);
        o.put("WebHookUri", s.url);
        o.put("Description", s.description);
        o.put("IsPaused", !s.status.equals(Subscription.ACTIVE));
        o.set("Filters", s.selection.isEmpty() ? NODES.arrayNode().add("*") : s.selection);
        o.put("Status", s.status);
        if (s.reason != null) {
            o.put("StatusReason", s.reason);
        }
        return o;
    }

    @Override
    JsonNode error(ApiError e) {
        ObjectNode o = NODES.objectNode();
        if (e.status == 400 && e.field != null) {
            o.put("Message", "The request is invalid.");
            ArrayNode a = o.putObject("ModelState").putArray(e.field);
            a.add(e.getMessage());
        } else {
            o.put("Message", e.getMessage());
        }
        return o;
    }
}
