package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The ASP.NET WebHooks registration model (Paycor, KeyPay): {@code Id, WebHookUri, Secret, Description, IsPaused,
 * Filters}, changed by PUT of the whole registration; errors as ASP.NET writes them ({@code Message},
 * {@code ModelState}). A failed registration shows as paused, with {@code Status} saying why.
 */
final class AspNetShape extends ApiShape {
    @Override
    String updateMethod() {
        return "PUT";
    }

    @Override
    void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        object(body);
        read(s, body, knownEvents, pausedByDefault);
    }

    @Override
    void update(Subscription s, JsonNode body, Set<String> knownEvents) {
        object(body);
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
