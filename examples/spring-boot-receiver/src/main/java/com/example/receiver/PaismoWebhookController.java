package com.example.receiver;

import dev.hooks.Hooks;
import dev.hooks.VerifyResult;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paismo's webhook endpoint. The signature is checked over the body exactly as it arrived (the raw bytes, never a
 * parsed and re-written object); an event is handled once however often Paismo delivers it.
 */
@RestController
@RequestMapping("/webhooks/paismo")
class PaismoWebhookController {
    private static final Logger log = LoggerFactory.getLogger(PaismoWebhookController.class);

    private final String secret;
    private final PaismoEvents events;
    private final SubscriberRelay relay;

    PaismoWebhookController(PaismoProperties paismo, PaismoEvents events, SubscriberRelay relay) {
        this.secret = paismo.webhookSecret();
        this.events = events;
        this.relay = relay;
    }

    /** The challenge Paismo sends to verify the URL, and this endpoint's answer: the same challenge. */
    record Challenge(String challenge) {}

    /** Paismo's URL verification: it posts a challenge and expects the same JSON back. */
    @PostMapping(headers = "X-Paismo-Verification=handshake")
    ResponseEntity<Challenge> handshake(@RequestBody Challenge challenge) {
        if (challenge.challenge() == null || challenge.challenge().isBlank()) {
            return ResponseEntity.badRequest().build();
        }
        log.info("answered Paismo's URL verification");
        return ResponseEntity.ok(challenge);
    }

    /** A delivery: 401 with the reason when its signature does not verify, else 200, also for a redelivery. */
    @PostMapping
    ResponseEntity<Map<String, String>> receive(@RequestHeader Map<String, String> headers, @RequestBody byte[] body) {
        VerifyResult check = Hooks.verify("paismo", secret, headers, body);
        if (!check.valid()) {
            log.warn("refused a Paismo delivery: {}", check.reason());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", check.reason()));
        }
        PaismoEvent event;
        try {
            event = PaismoEvent.parse(body);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        if (!events.add(event)) {
            log.info("Paismo redelivered event {} ({}); handled before", event.eventId(), event.eventType());
            return ResponseEntity.ok(Map.of("status", "duplicate", "event_id", event.eventId()));
        }
        log.info("accepted Paismo event {} ({})", event.eventId(), event.eventType());
        relay.publish(event);
        return ResponseEntity.ok(Map.of("status", "accepted", "event_id", event.eventId()));
    }
}
