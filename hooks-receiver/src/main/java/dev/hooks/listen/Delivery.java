package dev.hooks.listen;

import dev.hooks.store.StoredDelivery;

/**
 * What the listener emits once per request, after answering it: the record as stored (or as it would have been
 * with {@code --no-store}), how long the answer took, and whether the record is durable.
 *
 * @param record everything about the request and the answer; with the store on, exactly what was committed
 * @param latencyMicros from the request's arrival to the answer being handed to the server, commit included
 * @param stored whether the record was committed to the history
 * @param storeError why it could not be, or null
 * @param simulated whether the answer was a simulated failure ({@code --fail-first}, {@code --fail-rate})
 */
public record Delivery(StoredDelivery record, long latencyMicros, boolean stored, String storeError, boolean simulated) {
    public boolean forwarded() {
        return record.forwardedTo() != null;
    }

    public boolean verified() {
        return Boolean.TRUE.equals(record.verified());
    }
}
