package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Paismo's {@code /v1/webhooks}: {@code url}, {@code event_types} with optional filters, a generated secret. */
final class PaismoShape extends ApiShape {
    @Override
    void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        object(body);
        s.url = url(body, "url");
        eventTypes(s, body, knownEvents, true);
        s.status = Subscription.PENDING;
        s.secret = Ids.secret("whsec_");
        s.signed = true;
    }

    @Override
    void update(Subscription s, JsonNode body, Set<String> knownEvents) {
        object(body);
        if (body.has("url")) {
            s.url = url(body, "url");
            s.status = Subscription.PENDING;
            s.reason = "the URL changed: verify it again";
        }
        if (body.has("event_types")) {
            eventTypes(s, body, knownEvents, true);
        }
        status(s, body);
    }

    private static void eventTypes(Subscription s, JsonNode body, Set<String> known, boolean required) {
        JsonNode v = body.get("event_types");
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw ApiError.badField("event_types", "must be a non-empty array of event types or {\"type\", \"filters\"}");
        }
        items(v, "event_types");
        List<EventFilter> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String at = "event_types[" + i + "]";
            if (e.isTextual()) {
                out.add(EventFilter.of(known(e, at, known)));
                continue;
            }
            if (!e.isObject()) {
                throw ApiError.badField(at, "must be an event type or {\"type\", \"filters\"}");
            }
            String type = known(e.get("type"), at + ".type", known);
            JsonNode f = e.path("filters");
            List<String> fields = new ArrayList<>();
            if (f.has("fields")) {
                JsonNode fl = f.get("fields");
                if (!fl.isArray() || fl.isEmpty()) {
                    throw ApiError.badField(at + ".filters.fields", "must be a non-empty array of field names");
                }
                items(fl, at + ".filters.fields");
                for (JsonNode n : fl) {
                    if (!n.isTextual() || n.textValue().length() > MAX_TEXT) {
                        throw ApiError.badField(at + ".filters.fields", "must be a non-empty array of field names "
                                + "(each at most " + MAX_TEXT + " characters)");
                    }
                    fields.add(n.textValue());
                }
            }
            String mf = null;
            String mv = null;
            if (f.has("match")) {
                JsonNode m = f.get("match");
                if (!m.path("field").isTextual() || !m.path("value").isTextual()
                        || m.get("field").textValue().length() > MAX_TEXT || m.get("value").textValue().length() > MAX_TEXT) {
                    throw ApiError.badField(at + ".filters.match", "must be {\"field\": \"…\", \"value\": \"…\"} "
                            + "(each at most " + MAX_TEXT + " characters)");
                }
                mf = m.get("field").textValue();
                mv = m.get("value").textValue();
            }
            out.add(new EventFilter(type, fields, mf, mv));
        }
        s.events = out;
        s.selection = v.deepCopy();
    }

    @Override
    JsonNode render(Subscription s, boolean created) {
        ObjectNode o = NODES.objectNode();
        o.put("id", s.id);
        o.put("url", s.url);
        o.set("event_types", s.selection);
        putState(o, s);
        o.put("consecutive_failures", s.consecutiveFailures);
        if (created) {
            o.put("signing_secret", s.secret);
        }
        return o;
    }

    @Override
    JsonNode list(List<JsonNode> items) {
        ObjectNode o = NODES.objectNode();
        o.putArray("data").addAll(items);
        return o;
    }

    @Override
    JsonNode error(ApiError e) {
        ObjectNode o = NODES.objectNode();
        ObjectNode err = o.putObject("error");
        err.put("code", e.code);
        err.put("message", e.getMessage());
        if (e.field != null) {
            err.put("field", e.field);
        }
        return o;
    }
}
