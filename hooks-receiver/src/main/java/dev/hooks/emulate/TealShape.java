package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Set;

/**
 * Teal's {@code /webhooks}: {@code events}, {@code name}, {@code url}, optional {@code signing_secret} (none: unsigned
 * deliveries), optional {@code encryption_key} (base64 of 32 bytes: encrypted deliveries), {@code include_payload}.
 */
final class TealShape extends ApiShape {
    @Override
    void create(Subscription s, JsonNode body, Set<String> knownEvents, boolean pausedByDefault) {
        object(body);
        s.events = eventNames(body, "events", knownEvents, true);
        s.selection = body.get("events").deepCopy();
        s.name = string(body, "name", true);
        s.url = url(body, "url");
        s.secret = string(body, "signing_secret", false);
        s.signed = s.secret != null;
        String key = string(body, "encryption_key", false);
        if (key != null) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            if (raw.length != 32) {
                throw ApiError.badField("encryption_key", "must be the base64 of 32 bytes (an AES-256 key)");
            }
        }
        s.encryptionKey = key;
        s.encrypted = key != null;
        Boolean include = boolOrString(body, "include_payload");
        s.includePayload = include != null && include;
        s.status = Subscription.ACTIVE;
    }

    @Override
    void update(Subscription s, JsonNode body, Set<String> knownEvents) {
        object(body);
        status(s, body);
    }

    @Override
    JsonNode render(Subscription s, boolean created) {
        ObjectNode o = NODES.objectNode();
        o.put("id", s.id);
        o.put("name", s.name);
        o.put("url", s.url);
        o.set("events", s.selection);
        o.put("include_payload", s.includePayload);
        o.put("signed", s.signed);
        o.put("encrypted", s.encrypted);
        putState(o, s);
        return o;
    }

    @Override
    JsonNode error(ApiError e) {
        ObjectNode o = NODES.objectNode();
        o.put("detail", e.getMessage());
        if (e.field != null) {
            o.put("field", e.field);
        }
        return o;
    }
}
