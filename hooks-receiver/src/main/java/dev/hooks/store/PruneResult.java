package dev.hooks.store;

/**
 * What one pruning did.
 *
 * @param pruned      how many recorded requests it removed
 * @param left        how many the history holds afterwards
 * @param bytesBefore the size of the database file before
 * @param bytesAfter  its size after (smaller only when space was given back to the file system)
 * @param freeBytes   how much of the file is free pages afterwards, reused by new deliveries
 * @param vacuumed    whether free pages were given back to the file system
 */
public record PruneResult(long pruned, long left, long bytesBefore, long bytesAfter, long freeBytes, boolean vacuumed) {
    /** How many bytes the file gave back; 0 when it did not shrink. */
    public long bytesFreed() {
        return Math.max(0, bytesBefore - bytesAfter);
    }
}
