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
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link HistoryUpkeep} of an SQLite history. The queries on {@code deliveries} are plain SQL that any backend runs
 * as they are; only the sizes and the vacuum are SQLite's own (PRAGMAs).
 *
 * <p>Every statement is short. The limit is read first, as the seq of the first delivery inside it, in one
 * statement; then the deliveries before that seq are deleted from the oldest, {@value #BATCH} per transaction, with a
 * pause between transactions so that the store's writer, waiting on SQLite's lock, gets it in between. A seq is never
 * reused (AUTOINCREMENT), and the received time of a stored delivery never changes, so what is before the limit's seq
 * stays outside the limit whatever is written meanwhile.
 *
 * <p>Giving space back: a history created by this version has {@code auto_vacuum=INCREMENTAL}, and the vacuum moves
 * {@value #VACUUM_PAGES} pages at a time ({@code PRAGMA incremental_vacuum}), each step its own short transaction. An
 * older file (no auto-vacuum) is rewritten once with a full {@code VACUUM}, which also turns incremental vacuum on;
 * that holds SQLite's write lock for the whole rewrite, and a listener's deliveries wait for it (up to the store's
 * busy timeout, then they are refused, never acknowledged). In WAL mode the file shrinks when the freed pages are
 * checkpointed: the vacuum checkpoints passively (waiting for no reader, blocking no writer) until the log is all
 * copied, for a bounded time, and then once in FULL mode, which holds writers back for the moment the copy takes.
 */
final class SqliteUpkeep implements HistoryUpkeep {
    static final int BATCH = 500;
    static final long PAUSE_MILLIS = 5;
    static final int VACUUM_PAGES = 256;
    private static final int CHECKPOINT_TRIES = 40;
    private static final long CHECKPOINT_PAUSE_MILLIS = 50;

    /**
     * {@code received_at} holds {@link Instant#toString()} ({@code ...:05Z}, {@code ...:05.25Z}); without the Z it
     * sorts as text in time order ({@code ...:05} before {@code ...:05.25} before {@code ...:05.5}).
     */
    private static final String TIME_KEY = "rtrim(received_at, 'Z')";
    /** The seq of the first delivery received at or after ?1 (in seq order), else one past the last: one snapshot. */
    static final String AGE_LIMIT = "SELECT coalesce((SELECT seq FROM deliveries WHERE " + TIME_KEY + " >= ? "
            + "ORDER BY seq LIMIT 1), (SELECT max(seq) + 1 FROM deliveries))";
    /** The seq of the Nth newest (N = ?1 + 1); no row when there are not that many. */
    static final String COUNT_LIMIT = "SELECT seq FROM deliveries ORDER BY seq DESC LIMIT 1 OFFSET ?";
    /** One past the last seq: keeping none removes what is there now, not what arrives meanwhile. */
    static final String END_LIMIT = "SELECT max(seq) + 1 FROM deliveries";
    static final String DELETE_BEFORE = "DELETE FROM deliveries WHERE seq IN "
            + "(SELECT seq FROM deliveries WHERE seq < ? ORDER BY seq LIMIT ?)";
    static final String COUNT = "SELECT count(*) FROM deliveries";
    static final String GROUPS = "SELECT provider, verified, count(*), min(" + TIME_KEY + "), max(" + TIME_KEY + ") "
            + "FROM deliveries GROUP BY provider, verified";

    private final Path file;
    private final Connection connection;
    private final boolean wal;

    private SqliteUpkeep(Path file, Connection connection, boolean wal) {
        this.file = file;
        this.connection = connection;
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
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // it failed anyway
                }
            }
            throw failed(file, "open", e);
        }
    }

    @Override
    public PruneResult prune(Retention retention, Instant now, boolean vacuum, BooleanSupplier stop) {
        long before = fileBytes();
        long pruned = 0;
        try {
            Long limit = limitSeq(retention, now);
            while (limit != null && !stop.getAsBoolean()) {
                int n;
                synchronized (connection) {
                    try (PreparedStatement st = connection.prepareStatement(DELETE_BEFORE)) {
                        st.setLong(1, limit);
                        st.setInt(2, BATCH);
                        n = st.executeUpdate();
                    }
                }
                pruned += n;
                if (n < BATCH) {
                    break;
                }
                pause(PAUSE_MILLIS);
            }
            if (vacuum && !stop.getAsBoolean()) {
                vacuum(stop);
            }
            long left = Long.parseLong(scalar(COUNT));
            return new PruneResult(pruned, left, before, fileBytes(), freeBytes(), vacuum);
        } catch (SQLException e) {
            throw failed("prune", e);
        }
    }

    /** The seq before which everything is outside the limit; null when nothing is. */
    private Long limitSeq(Retention retention, Instant now) throws SQLException {
        synchronized (connection) {
            String sql = retention.byAge() ? AGE_LIMIT : retention.keep() == 0 ? END_LIMIT : COUNT_LIMIT;
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                if (retention.byAge()) {
                    st.setString(1, timeKey(retention.cutoff(now)));
                } else if (retention.keep() > 0) {
                    st.setLong(1, retention.keep() - 1);
                }
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? null : seq;
                }
            }
        }
    }

    private static String timeKey(Instant t) {
        String s = t.toString();
        return s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
    }

    private void vacuum(BooleanSupplier stop) throws SQLException {
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
    public HistoryStats stats() {
        long count = 0;
        String oldest = null;
        String newest = null;
        Map<String, Long> providers = new HashMap<>();
        Map<String, Long> verdicts = new HashMap<>();
        try {
            synchronized (connection) {
                try (PreparedStatement st = connection.prepareStatement(GROUPS); ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String provider = rs.getString(1);
                        int verified = rs.getInt(2);
                        String verdict = rs.wasNull() ? "unsigned" : verified != 0 ? "valid" : "invalid";
                        long n = rs.getLong(3);
                        count += n;
                        providers.merge(provider == null ? HistoryStats.NO_PROVIDER : provider, n, Long::sum);
                        verdicts.merge(verdict, n, Long::sum);
                        String min = rs.getString(4);
                        String max = rs.getString(5);
                        if (min != null && (oldest == null || min.compareTo(oldest) < 0)) {
                            oldest = min;
                        }
                        if (max != null && (newest == null || max.compareTo(newest) > 0)) {
                            newest = max;
                        }
                    }
                }
            }
            return new HistoryStats(file, count, instant(oldest), instant(newest), providers, verdicts, fileBytes(),
                    size(file.resolveSibling(file.getFileName() + "-wal")), freeBytes());
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private static Instant instant(String key) {
        return key == null ? null : Instant.parse(key + "Z");
    }

    private long freeBytes() throws SQLException {
        return Long.parseLong(scalar("PRAGMA freelist_count")) * Long.parseLong(scalar("PRAGMA page_size"));
    }

    @Override
    public long fileBytes() {
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

    private String scalar(String sql) throws SQLException {
        synchronized (connection) {
            return DeliveryTable.scalar(connection, sql);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HooksException failed(String what, SQLException e) {
        return failed(file, what, e);
    }

    private static HooksException failed(Path file, String what, SQLException e) {
        return new HooksException(HooksException.INTERNAL, "cannot " + what + " history " + file + ": "
                + SqliteStore.describeSqlite(e), e);
    }

    @Override
    public void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // every deletion is committed
            }
        }
    }
}
