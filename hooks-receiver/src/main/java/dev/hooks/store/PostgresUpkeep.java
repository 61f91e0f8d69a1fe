package dev.hooks.store;

import dev.hooks.HooksException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link HistoryUpkeep} of a PostgreSQL history: the pruning and counts of {@link SqlUpkeep}, on a connection of its
 * own (outside the store's pool).
 *
 * <p>Each batch is its own transaction, which first takes the advisory lock {@link #PRUNE_LOCK}: several listeners
 * pruning one history (each with {@code --retain}), or an {@code events prune} beside them, take turns batch by batch,
 * and the one that comes second finds those rows already gone (it deletes only what is before its own limit, so never
 * more than one limit asks). The listeners' writes take another lock ({@link PostgresStore#WRITE_LOCK}) and touch
 * only new rows, so a batch never holds them up: a deletion and an insert wait for each other only when a listener
 * updates a delivery that the batch is removing, and then for one batch. A batch commits without waiting for the
 * server's flush (a lost one is done again).
 *
 * <p>Sizes are {@code pg_total_relation_size} of the history's tables (with their indexes and TOAST). The vacuum is
 * PostgreSQL's {@code VACUUM} of those tables, which runs beside the listeners' writes: it makes the space of the
 * pruned rows reusable at once and returns to the file system the empty pages at the end of each table (taking the
 * table's lock only for that moment, and giving it up as soon as a writer waits).
 */
final class PostgresUpkeep extends SqlUpkeep {
    /** The advisory lock key that orders the prunings' batches: the writers' key plus one. */
    static final long PRUNE_LOCK = PostgresStore.WRITE_LOCK + 1;
    static final String TABLES = "deliveries, hooks_schema";
    static final String SIZE = "SELECT pg_total_relation_size('deliveries') + pg_total_relation_size('hooks_schema')";

    private final PostgresStore store;

    private PostgresUpkeep(PostgresStore store, Connection connection) {
        super(connection);
        this.store = store;
    }

    static PostgresUpkeep open(PostgresStore store) {
        Connection c = null;
        try {
            c = store.connect();
            DeliveryTable.execute(c, "SET synchronous_commit = off");
            return new PostgresUpkeep(store, c);
        } catch (SQLException e) {
            GroupCommitStore.closeQuietly(c);
            throw failed(store, "open", e);
        }
    }

    @Override
    int deleteBatch(long limit) throws SQLException {
        connection.setAutoCommit(false);
        try {
            DeliveryTable.scalar(connection, "SELECT pg_advisory_xact_lock(" + PRUNE_LOCK + ")");
            int n = super.deleteBatch(limit);
            connection.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: the first failure says why
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    void vacuum(BooleanSupplier stop) throws SQLException {
        synchronized (connection) {
            DeliveryTable.execute(connection, "VACUUM " + TABLES);
        }
    }

    @Override
    long bytes() throws SQLException {
        return Long.parseLong(scalar(SIZE));
    }

    /** PostgreSQL does not tell how much of a table is free without an extension (pgstattuple). */
    @Override
    long freeBytes() {
        return 0;
    }

    @Override
    HistoryStats stats(long count, Instant oldest, Instant newest, Map<String, Long> providers,
            Map<String, Long> verdicts) throws SQLException {
        return new HistoryStats(store.location(), false, count, oldest, newest, providers, verdicts, bytes(), 0, 0);
    }

    @Override
    HooksException failed(String what, SQLException e) {
        return failed(store, what, e);
    }

    /**
     * The one-line failure: a role the server does not allow to do this (SQLSTATE 42501, insufficient privilege: a
     * teammate who may only read the shared history) is the user's to change, an input error like an unreadable file.
     */
    private static HooksException failed(PostgresStore store, String what, SQLException e) {
        int exit = "42501".equals(e.getSQLState()) ? HooksException.USAGE : HooksException.INTERNAL;
        return new HooksException(exit, "cannot " + what + " history " + store.location() + ": " + store.describe(e), e);
    }
}
