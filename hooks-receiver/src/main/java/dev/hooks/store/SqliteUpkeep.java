package dev.hooks.store;

import dev.hooks.HooksException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link HistoryUpkeep} of an SQLite history: the pruning and counts of {@link SqlUpkeep}, each batch its own
 * transaction in auto-commit (the store's writer, waiting on SQLite's lock, gets it in between; a seq is never reused,
 * AUTOINCREMENT); the sizes and the vacuum are SQLite's own (PRAGMAs).
 *
 * <p>Giving space back: a history created by this version has {@code auto_vacuum=INCREMENTAL}, and the vacuum moves
 * {@value #VACUUM_PAGES} pages at a time ({@code PRAGMA incremental_vacuum}), each step its own short transaction. An
 * older file (no auto-vacuum) is rewritten once with a full {@code VACUUM}, which also turns incremental vacuum on;
 * that holds SQLite's write lock for the whole rewrite, and a listener's deliveries wait for it (up to the store's
 * busy timeout, then they are refused, never acknowledged). In WAL mode the file shrinks when the freed pages are
 * checkpointed: the vacuum checkpoints passively (waiting for no reader, blocking no writer) until the log is all
 * copied, for a bounded time, and then once in FULL mode, which holds writers back for the moment the copy takes.
 */
final class SqliteUpkeep extends SqlUpkeep {
    static final int VACUUM_PAGES = 256;
    private static final int CHECKPOINT_TRIES = 40;
    private static final long CHECKPOINT_PAUSE_MILLIS = 50;

    private final Path file;
    private final boolean wal;

    private SqliteUpkeep(Path file, Connection connection, boolean wal) {
        super(connection);
        this.file = file;
        this.wal = wal;
    }

    static SqliteUpkeep open(Path file) {
        Connection c = null;
        try {
            c = SqliteStore.connect(file);
            boolean wal = "wal".equalsIgnoreCase(DeliveryTable.scalar(c, "PRAGMA journal_mode"));
            if (wal) {
                // Deletions need not be on disk the moment they commit (a lost one is done again), so a batch holds
                // SQLite's lock without an fsync; the WAL is cut back as the store's is.
                DeliveryTable.execute(c, "PRAGMA synchronous = NORMAL");
                DeliveryTable.execute(c, "PRAGMA journal_size_limit = " + SqliteStore.WAL_SIZE_LIMIT);
            }
            return new SqliteUpkeep(file, c, wal);
        } catch (SQLException e) {
            GroupCommitStore.closeQuietly(c);
            throw failed(file, "open", e);
        }
    }

    @Override
    void vacuum(BooleanSupplier stop) throws SQLException {
        String mode = scalar("PRAGMA auto_vacuum");
        if ("0".equals(mode)) {
            // A history made before incremental vacuum: rewritten once, and incremental from then on.
            synchronized (connection) {
                DeliveryTable.execute(connection, "PRAGMA auto_vacuum = INCREMENTAL");
                DeliveryTable.execute(connection, "VACUUM");
            }
        } else if ("2".equals(mode)) {
            long free = Long.parseLong(scalar("PRAGMA freelist_count"));
            while (free > 0 && !stop.getAsBoolean()) {
                synchronized (connection) {
                    DeliveryTable.execute(connection, "PRAGMA incremental_vacuum(" + VACUUM_PAGES + ")");
                }
                long now = Long.parseLong(scalar("PRAGMA freelist_count"));
                if (now >= free) {
                    break; // nothing moved: do not spin
                }
                free = now;
                pause(PAUSE_MILLIS);
            }
        }
        // auto_vacuum=FULL gives pages back at every commit: nothing to do.
        checkpoint();
    }

    /**
     * Copies the WAL into the file, which is cut to its new size once all of it is copied. It tries passively first,
     * waiting for nobody; a listener that writes without pause keeps adding to the log, so when that has not caught up
     * it checkpoints once in FULL mode, which holds the next write back (within the store's busy timeout, so a
     * delivery waits a moment and is still acknowledged only once on disk) until the log is all copied.
     */
    private void checkpoint() throws SQLException {
        if (!wal) {
            return;
        }
        for (int i = 0; i < CHECKPOINT_TRIES; i++) {
            if (checkpoint("PASSIVE")) {
                return;
            }
            pause(CHECKPOINT_PAUSE_MILLIS);
        }
        checkpoint("FULL");
    }

    private boolean checkpoint(String mode) throws SQLException {
        synchronized (connection) {
            try (PreparedStatement st = connection.prepareStatement("PRAGMA wal_checkpoint(" + mode + ")");
                 ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) == 0 && rs.getLong(2) == rs.getLong(3);
            }
        }
    }

    @Override
    HistoryStats stats(long count, Instant oldest, Instant newest, Map<String, Long> providers,
            Map<String, Long> verdicts) throws SQLException {
        return new HistoryStats(file.toString(), true, count, oldest, newest, providers, verdicts, bytes(),
                size(file.resolveSibling(file.getFileName() + "-wal")), freeBytes());
    }

    @Override
    long freeBytes() throws SQLException {
        return Long.parseLong(scalar("PRAGMA freelist_count")) * Long.parseLong(scalar("PRAGMA page_size"));
    }

    /** The size of the file as it is now (without its write-ahead log). */
    @Override
    long bytes() {
        return size(file);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new HooksException(HooksException.INTERNAL, "cannot read the size of " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    HooksException failed(String what, SQLException e) {
        return failed(file, what, e);
    }

    private static HooksException failed(Path file, String what, SQLException e) {
        return new HooksException(HooksException.INTERNAL, "cannot " + what + " history " + file + ": "
                + SqliteStore.describeSqlite(e), e);
    }
}
