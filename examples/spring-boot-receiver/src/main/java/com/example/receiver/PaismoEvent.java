package com.example.receiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * A Paismo event as its verified body says it.
 *
 * @param deliveryId Paismo's id of this delivery ({@code id})
 * @param eventId the id of the event itself ({@code event_id}), the same on every redelivery
 * @param eventType such as {@code employee.updated}
 * @param timestamp when the event happened, as Paismo wrote it
 * @param data the event's data
 * @param receivedAt when this app accepted it
 */
public record PaismoEvent(String deliveryId, String eventId, String eventType, String timestamp, JsonNode data,
                          Instant receivedAt) {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the body Paismo sent. Call it only on a body whose signature was verified.
     *
     * @throws IllegalArgumentException when the body is not a Paismo event
     */
    static PaismoEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String eventId = root.path("event_id").asText("");
        String eventType = root.path("event_type").asText("");
        if (eventId.isEmpty() || eventType.isEmpty()) {
            throw new IllegalArgumentException("the body has no event_id or event_type");
        }
        return new PaismoEvent(root.path("id").asText(null), eventId, eventType, root.path("timestamp").asText(null),
                root.path("data"), Instant.now());
    }

    /** The event as a Standard Webhooks payload: {@code {"type", "timestamp", "data"}}. */
    byte[] toStandardWebhook() {
        var payload = JSON.createObjectNode();
        payload.put("type", eventType);
        payload.put("timestamp", timestamp);
        payload.set("data", data);
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the payload of event " + eventId, e);
        }
    }
}
