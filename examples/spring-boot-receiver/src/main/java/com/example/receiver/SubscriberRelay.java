package com.example.receiver;

import dev.hooks.Hooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Relays each accepted Paismo event to the subscribers as a Standard Webhooks delivery: the payload
 * {@code {"type", "timestamp", "data"}} with {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers, signed with each subscriber's own secret. The id is {@code msg_} and the Paismo
 * event id, so a subscriber can de-duplicate as well. Deliveries go out after Paismo has had its answer.
 */
@Service
public class SubscriberRelay {
    private static final Logger log = LoggerFactory.getLogger(SubscriberRelay.class);

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Adds a subscriber.
     *
     * @throws IllegalArgumentException when the URL is not http(s) or the secret is not a {@code whsec_} key
     */
    public Subscription subscribe(URI url, String secret) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("url must be an http:// or https:// URL");
        }
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("secret must be a whsec_ key");
        }
        Subscription s = new Subscription("sub_" + UUID.randomUUID().toString().replace("-", ""), url, secret);
        subscriptions.put(s.id(), s);
        return s;
    }

    /** Removes a subscriber: true when it existed. */
    public boolean unsubscribe(String id) {
        return subscriptions.remove(id) != null;
    }

    /** The subscribers. */
    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** Sends {@code event} to every subscriber, without waiting for their answers. */
    public void publish(PaismoEvent event) {
        byte[] body = event.toStandardWebhook();
        for (Subscription s : subscriptions.values()) {
            Map<String, String> headers = Hooks.signer("standard-webhooks", s.secret())
                    .id("msg_" + event.eventId())
                    .sign(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(s.url())
                    .timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    log.warn("relay of event {} to {} failed: {}", event.eventId(), s.id(), error.toString());
                } else if (response.statusCode() / 100 != 2) {
                    log.warn("relay of event {} to {}: answered {}", event.eventId(), s.id(), response.statusCode());
                } else {
                    log.info("relayed event {} to {}", event.eventId(), s.id());
                }
            });
        }
    }
}
