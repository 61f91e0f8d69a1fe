package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One registered subscription of an emulated provider. Its secrets (signing secret, encryption key, the consumer's
 * credentials) live only in memory: {@link #document()} leaves them out, so the history never holds them.
 * Guarded by the owning {@link Emulation}'s lock.
 */
final class Subscription {
    static final String PENDING = "pending_verification";
    static final String ACTIVE = "active";
    static final String PAUSED = "paused";
    static final String FAILED = "failed";

    /** How the emulator authenticates to a Paxos consumer: {@code none}, {@code api_key} or {@code oauth2}. */
    record ConsumerAuth(String type, String header, String key, String tokenUrl, String clientId, String clientSecret) {
        static final ConsumerAuth NONE = new ConsumerAuth("none", null, null, null, null, null);

        boolean secretMissing() {
            return type.equals("api_key") && key == null || type.equals("oauth2") && clientSecret == null;
        }
    }

    final String id;
    final Instant createdAt;
    String url;
    String name;
    String description;
    /** Paxos: the environment the registration is for ({@code Sandbox} or {@code Prod}), or null. */
    String environment;
    /** The selection as the user wrote it, given back as it was. */
    JsonNode selection;
    List<EventFilter> events;
    String status;
    String secret;
    boolean signed;
    String encryptionKey;
    boolean encrypted;
    boolean includePayload = true;
    ConsumerAuth auth = ConsumerAuth.NONE;
    int consecutiveFailures;
    /** Why it is pending or failed, or null. */
    String reason;
    /** Cached token client for OAuth consumers, so a token is reused across deliveries. */
    Object authenticator;

    Subscription(String id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
    }

    /** The first event type that selects this subscription, or null when it selects every type. */
    String firstType() {
        return events.stream().map(EventFilter::type).filter(t -> !t.equals("*")).findFirst().orElse(null);
    }

    /** Whether it receives the event: a selected type whose filters pass. */
    boolean wants(String eventType, JsonNode data) {
        for (EventFilter f : events) {
            if (f.selects(eventType) && f.passes(data)) {
                return true;
            }
        }
        return false;
    }

    boolean selectsType(String eventType) {
        return events.stream().anyMatch(f -> f.selects(eventType));
    }

    /** What is kept in the history: everything but the secrets. */
    ObjectNode document() {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("id", id);
        d.put("created_at", createdAt.toString());
        d.put("url", url);
        d.put("name", name);
        d.put("description", description);
        d.put("environment", environment);
        d.set("selection", selection);
        ArrayNode ev = d.putArray("events");
        for (EventFilter f : events) {
            ObjectNode o = ev.addObject();
            o.put("type", f.type());
            f.fields().forEach(o.putArray("fields")::add);
            if (f.matchField() != null) {
                o.putObject("match").put("field", f.matchField()).put("value", f.matchValue());
            }
        }
        d.put("status", status);
        d.put("signed", signed);
        d.put("encrypted", encrypted);
        d.put("include_payload", includePayload);
        ObjectNode a = d.putObject("auth");
        a.put("type", auth.type()).put("header", auth.header()).put("token_url", auth.tokenUrl())
                .put("client_id", auth.clientId());
        d.put("consecutive_failures", consecutiveFailures);
        d.put("reason", reason);
        return d;
    }

    /** A subscription read back from the history; without its secrets it can no longer deliver, so it is failed. */
    static Subscription fromDocument(JsonNode d) {
        Subscription s = new Subscription(d.path("id").asText(), Instant.parse(d.path("created_at").asText()));
        s.url = d.path("url").asText();
        s.name = text(d, "name");
        s.description = text(d, "description");
        s.environment = text(d, "environment");
        s.selection = d.path("selection");
        List<EventFilter> events = new ArrayList<>();
        for (JsonNode o : d.path("events")) {
            List<String> fields = new ArrayList<>();
            o.path("fields").forEach(f -> fields.add(f.asText()));
            JsonNode m = o.path("match");
            events.add(new EventFilter(o.path("type").asText(), fields, text(m, "field"), text(m, "value")));
        }
        s.events = events;
        s.status = d.path("status").asText(ACTIVE);
        s.signed = d.path("signed").asBoolean();
        s.encrypted = d.path("encrypted").asBoolean();
        s.includePayload = d.path("include_payload").asBoolean(true);
        JsonNode a = d.path("auth");
        s.auth = new ConsumerAuth(a.path("type").asText("none"), text(a, "header"), null, text(a, "token_url"),
                text(a, "client_id"), null);
        s.consecutiveFailures = d.path("consecutive_failures").asInt();
        s.reason = text(d, "reason");
        if (s.signed || s.encrypted || s.auth.secretMissing()) {
            s.status = FAILED;
            s.reason = "its secrets are not kept between runs of the emulator (they are never written to disk): "
                    + "register it again";
        }
        return s;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
