package dev.hooks.send;

/**
 * One delivery's body and what identifies it. The body may change from attempt to attempt where the provider
 * counts attempts inside it (the ASP.NET {@code WebHookWorkItem}'s {@code Attempt}); everything else stays fixed,
 * so every retry carries the same delivery id.
 */
public interface Envelope {
    /** The event type, for headers that carry it and for output; may be null. */
    String eventType();

    /** The source event's id inside the body, for output; may be null. */
    String eventId();

    /** The id for the profile's id header: taken from the body or fresh, fixed across retries; null when none. */
    String deliveryId();

    /** The body for attempt {@code attempt} (1-based), before encryption and signing. */
    byte[] body(int attempt);
}
