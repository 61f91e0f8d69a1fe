package dev.hooks.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits until enough matching deliveries are in the history, for scripts around {@code hooks listen}: it follows the
 * history (another process writes it) by reading the rows past the last one it has seen, through
 * {@link DeliveryStore#list(Query)}, and sorts each row into matched or rejected with the reason it does not match.
 * It reads again whenever the store says a delivery was committed ({@link DeliveryStore#subscribe}: on PostgreSQL,
 * every listener's commits, through the server's notifications), and every {@link #POLL} in any case (an SQLite
 * file written by another process tells nothing).
 */
public final class DeliveryWait {
    /** How often the history is read again while waiting. */
    public static final Duration POLL = Duration.ofMillis(100);
    private static final int PAGE = 500;

    /**
     * What a delivery must be to count.
     *
     * @param provider the provider's name, or null for any
     * @param eventType the event type, or null for any
     * @param valid only deliveries whose signature or credentials checked out ({@code verified} true)
     * @param since only deliveries received at or after this time, or null for the whole history
     * @param count how many are wanted
     */
    public record Criteria(String provider, String eventType, boolean valid, Instant since, int count) {
        public Criteria {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
        }

        /** Why {@code d} does not match, or null when it does. */
        public String rejection(StoredDelivery d) {
            if (!StoredDelivery.DELIVERY.equals(d.kind())) {
                return "a " + d.kind() + " request, not a delivery";
            }
            if (provider != null && !provider.equals(d.provider())) {
                return "provider " + (d.provider() == null ? "unknown" : d.provider()) + ", not " + provider;
            }
            if (eventType != null && !eventType.equals(d.eventType())) {
                return "event type " + (d.eventType() == null ? "unknown" : d.eventType()) + ", not " + eventType;
            }
            if (valid && !Boolean.TRUE.equals(d.verified())) {
                return d.verified() == null ? "not valid: nothing was verified (no signature or credentials to check)"
                        : "not valid: " + (d.reason() == null ? "verification failed" : d.reason());
            }
            return null;
        }
    }

    /** A delivery that arrived and does not match, and why. */
    public record Rejected(StoredDelivery delivery, String why) {}

    /** How many of the deliveries that do not match are kept to show (the most recent). */
    public static final int KEPT_REJECTED = 100;

    /**
     * What arrived: the matching deliveries, oldest first (at most {@code count}), and the most recent of the others
     * in the window ({@link #KEPT_REJECTED} at most, oldest first; {@code rejectedCount} counts them all).
     *
     * @param complete whether {@code count} matching deliveries arrived
     */
    public record Outcome(List<StoredDelivery> matched, List<Rejected> rejected, long rejectedCount, boolean complete) {
        public Outcome {
            matched = List.copyOf(matched);
            rejected = List.copyOf(rejected);
        }
    }

    private final DeliveryStore store;
    private final Criteria criteria;
    private final List<StoredDelivery> matched = new ArrayList<>();
    private final ArrayDeque<Rejected> rejected = new ArrayDeque<>();
    private long rejectedCount;
    private Long after;

    private final long pollMillis;

    public DeliveryWait(DeliveryStore store, Criteria criteria) {
        this(store, criteria, POLL);
    }

    /** @param poll how often the history is read again when the store says nothing (tests make it long) */
    public DeliveryWait(DeliveryStore store, Criteria criteria, Duration poll) {
        this.store = Objects.requireNonNull(store, "store");
        this.criteria = Objects.requireNonNull(criteria, "criteria");
        this.pollMillis = Math.max(1, poll.toMillis());
    }

    /**
     * Reads the history until {@code count} deliveries match or {@code timeout} has passed (a zero timeout reads it
     * once), again at each commit the store reports and every poll interval; stops early, incomplete, when
     * {@code interrupted} says so (asked after each read that leaves the wait incomplete).
     */
    public Outcome await(Duration timeout, BooleanSupplier interrupted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore committed = new Semaphore(0);
        try (DeliveryStore.Subscription ignored = store.subscribe(d -> committed.release())) {
            while (true) {
                committed.drainPermits(); // what was committed before this read is in it
                readNew();
                if (matched.size() >= criteria.count()) {
                    return outcome();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || interrupted.getAsBoolean()) {
                    return outcome();
                }
                try {
                    committed.tryAcquire(Math.max(1, Math.min(pollMillis, left / 1_000_000)), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return outcome();
                }
            }
        }
    }

    /** Sorts the rows written since the last read. */
    private void readNew() {
        while (matched.size() < criteria.count()) {
            List<StoredDelivery> page = store.list(Query.all().withOldestFirst(true).withAfterSeq(after).withLimit(PAGE));
            for (StoredDelivery d : page) {
                after = d.seq();
                if (criteria.since() != null && d.receivedAt().isBefore(criteria.since())) {
                    continue;
                }
                String why = criteria.rejection(d);
                if (why == null) {
                    matched.add(d);
                    if (matched.size() == criteria.count()) {
                        return;
                    }
                } else {
                    rejectedCount++;
                    if (rejected.size() == KEPT_REJECTED) {
                        rejected.removeFirst();
                    }
                    rejected.add(new Rejected(d, why));
                }
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private Outcome outcome() {
        return new Outcome(matched, new ArrayList<>(rejected), rejectedCount, matched.size() >= criteria.count());
    }
}
