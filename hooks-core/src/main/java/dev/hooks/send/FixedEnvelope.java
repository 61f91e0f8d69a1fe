package dev.hooks.send;

/** A body made once, the same for every attempt, with what identifies it. */
record FixedEnvelope(byte[] bytes, String eventType, String eventId, String deliveryId) implements Envelope {
    @Override
    public byte[] body(int attempt) {
        return bytes;
    }
}
