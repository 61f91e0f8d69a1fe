package dev.hooks.store;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Keeping a history within a {@link Retention} and telling what it holds: pruning, giving free space back to the file
 * system, statistics. One implementation per backend; each works beside the store's own writer (and beside other
 * processes using the same history), never making a delivery being saved wait for more than one short batch.
 *
 * <p>Pruning removes the oldest deliveries, in the order they were recorded, in batches of a few hundred, each its own
 * transaction; it never removes one inside the limit (see {@link #prune}). The space of what was removed is reused by
 * new deliveries, so a history kept within a limit stops growing; {@code vacuum} also gives it back to the file
 * system.
 */
public interface HistoryUpkeep extends AutoCloseable {

    /** Upkeep of {@code store}'s history, on a connection of its own; close it when done. */
    static HistoryUpkeep of(DeliveryStore store) {
        return store.file().map(SqliteUpkeep::open).orElseThrow(() -> dev.hooks.HooksException.input(
                "pruning and statistics are for an SQLite history; on " + store.location()
                        + " keep the table within a limit with the database's own tools"));
    }

    /**
     * Removes what is outside {@code retention} at {@code now}: with an age, what was received before
     * {@code now - age}; with a count N, what is older than the newest N. The limit is taken once, at the start: what
     * arrives meanwhile is never removed by this call. Stops between batches once {@code stop} says so.
     *
     * @param vacuum also give the free space back to the file system
     * @throws dev.hooks.HooksException when the history cannot be read or written
     */
    PruneResult prune(Retention retention, Instant now, boolean vacuum, BooleanSupplier stop);

    /** {@link #prune(Retention, Instant, boolean, BooleanSupplier)} to the end. */
    default PruneResult prune(Retention retention, Instant now, boolean vacuum) {
        return prune(retention, now, vacuum, () -> false);
    }

    /** What the history holds, by provider and by verdict, and its size on disk. */
    HistoryStats stats();

    /** The size of the history's file as it is now (without a write-ahead log). */
    long fileBytes();

    @Override
    void close();
}
