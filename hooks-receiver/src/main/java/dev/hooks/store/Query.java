package dev.hooks.store;

/**
 * What {@link DeliveryStore#list(Query)} returns: filters, a seq window and a limit.
 *
 * <p>Start from {@link #all()} and narrow with the {@code with...} methods, e.g.
 * {@code Query.all().withProvider("teal").withVerified(Query.Verified.INVALID).withLimit(20)}.
 * Results are newest first (highest seq first) unless {@link #oldestFirst()} is set.
 * Paging backwards: pass the smallest seq of a page as {@code beforeSeq} of the next. A live view asks
 * "what is new since seq N" with {@code afterSeq = N}; with a limit it gets the newest rows, so a reader
 * that must see every row uses {@code withOldestFirst(true)} and pages forward.
 *
 * @param provider    only deliveries of this provider, or null for any
 * @param eventType   only deliveries of this event type, or null for any
 * @param kind        only deliveries of this kind (see {@link StoredDelivery#KINDS}), or null for any
 * @param verified    filter on the signature check
 * @param limit       at most this many rows; 0 means no limit
 * @param beforeSeq   only seq strictly below this, or null
 * @param afterSeq    only seq strictly above this, or null
 * @param oldestFirst order by seq ascending instead of descending
 */
public record Query(
        String provider,
        String eventType,
        String kind,
        Verified verified,
        int limit,
        Long beforeSeq,
        Long afterSeq,
        boolean oldestFirst) {

    /** Filter on {@link StoredDelivery#verified()}. */
    public enum Verified {
        /** No filter. */
        ANY,
        /** The signature checked out ({@code verified == true}). */
        VALID,
        /** The signature was missing or wrong ({@code verified == false}). */
        INVALID,
        /** The scheme has no signature ({@code verified == null}). */
        UNSIGNED
    }

    public Query {
        if (verified == null) {
            verified = Verified.ANY;
        }
        if (limit < 0) {
            throw new IllegalArgumentException("query: limit " + limit + " is negative");
        }
        if (kind != null && !StoredDelivery.KINDS.contains(kind)) {
            throw new IllegalArgumentException("query: kind '" + kind + "' is not one of " + StoredDelivery.KINDS);
        }
    }

    /** Every delivery, newest first, no limit. */
    public static Query all() {
        return new Query(null, null, null, Verified.ANY, 0, null, null, false);
    }

    public Query withProvider(String provider) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withEventType(String eventType) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withKind(String kind) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withVerified(Verified verified) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withLimit(int limit) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withBeforeSeq(Long beforeSeq) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withAfterSeq(Long afterSeq) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }

    public Query withOldestFirst(boolean oldestFirst) {
        return new Query(provider, eventType, kind, verified, limit, beforeSeq, afterSeq, oldestFirst);
    }
}
