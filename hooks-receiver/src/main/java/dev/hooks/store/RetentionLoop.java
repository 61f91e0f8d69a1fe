package dev.hooks.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a store's history within a {@link Retention} while it is written: prunes once at once, then again every
 * {@code interval}, on a thread of its own with a {@link HistoryUpkeep} of its own, so no caller of the store ever
 * waits for it (beyond SQLite's lock for one short batch). Nothing is vacuumed: the space of what is pruned is reused
 * by what arrives, so the file stops growing.
 */
public final class RetentionLoop implements AutoCloseable {
    /** The longest interval between two prunings by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final DeliveryStore store;
    private final Retention retention;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<String> problems;
    private final Thread thread;
    private final Object wake = new Object();
    private final AtomicLong pruned = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean stopping;

    /**
     * Starts pruning {@code store}.
     *
     * @param interval between the end of one pruning and the start of the next
     * @param clock    the clock the store's received times come from
     * @param problems told (on the loop's thread) why a pruning failed; the loop goes on and tries again
     */
    public RetentionLoop(DeliveryStore store, Retention retention, Duration interval, Clock clock,
            Consumer<String> problems) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("retention interval " + interval + " is not positive");
        }
        this.interval = interval;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.thread = new Thread(this::run, "hooks-store-retention " + store.file().map(f -> f.getFileName().toString()).orElse("database"));
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** How many recorded requests this loop has pruned so far. */
    public long pruned() {
        return pruned.get();
    }

    /** How many prunings have finished (successfully or not). */
    public long rounds() {
        return rounds.get();
    }

    private void run() {
        HistoryUpkeep upkeep = null;
        String lastProblem = null;
        while (!stopping) {
            try {
                if (upkeep == null) {
                    upkeep = HistoryUpkeep.of(store);
                }
                pruned.addAndGet(upkeep.prune(retention, clock.instant(), false, () -> stopping).pruned());
                lastProblem = null;
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                if (!why.equals(lastProblem)) {
                    problems.accept(why); // once until it changes or pruning works again
                }
                lastProblem = why;
                if (upkeep != null) {
                    upkeep.close();
                    upkeep = null;
                }
            }
            rounds.incrementAndGet();
            synchronized (wake) {
                if (!stopping) {
                    try {
                        wake.wait(interval.toMillis());
                    } catch (InterruptedException e) {
                        stopping = true;
                    }
                }
            }
        }
        if (upkeep != null) {
            upkeep.close();
        }
    }

    /** Stops after the batch under way, and waits for the loop to end. */
    @Override
    public void close() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
