package com.example.receiver;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscribers of the relayed events: {@code POST /subscriptions {"url", "secret"}} adds one,
 * {@code DELETE /subscriptions/{id}} removes it. (A real service would authenticate these calls.)
 */
@RestController
@RequestMapping("/subscriptions")
class SubscriptionController {
    private final SubscriberRelay relay;

    SubscriptionController(SubscriberRelay relay) {
        this.relay = relay;
    }

    /** A subscription request: where to deliver, and the {@code whsec_} secret to sign with. */
    record NewSubscription(URI url, String secret) {}

    /** A subscription as this API shows it: never with its secret. */
    record SubscriptionView(String id, URI url) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id(), s.url());
        }
    }

    @PostMapping
    ResponseEntity<?> subscribe(@RequestBody NewSubscription request) {
        try {
            Subscription s = relay.subscribe(request.url(), request.secret());
            return ResponseEntity.created(URI.create("/subscriptions/" + s.id())).body(SubscriptionView.of(s));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @GetMapping
    List<SubscriptionView> list() {
        return relay.subscriptions().stream().map(SubscriptionView::of).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> unsubscribe(@PathVariable String id) {
        return relay.unsubscribe(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
