package dev.hooks.store;

import dev.hooks.HooksException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What every backend's {@link HistoryUpkeep} does the same way, in plain SQL on {@code deliveries}: the limit, the
 * batched deletions and the counts. A backend adds how a batch is committed, its sizes and its vacuum.
 *
 * <p>Every statement is short. The limit is read first, as the seq of the first delivery inside it, in one
 * statement; then the deliveries before that seq are deleted from the oldest, {@value #BATCH} per transaction, with a
 * pause between transactions so that the store's writer gets its turn in between. A seq is never reused, seqs grow in
 * commit order, and the received time of a stored delivery never changes, so what is before the limit's seq stays
 * outside the limit whatever is written meanwhile.
 */
abstract class SqlUpkeep implements HistoryUpkeep {
    static final int BATCH = 500;
    static final long PAUSE_MILLIS = 5;

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

    final Connection connection;

    SqlUpkeep(Connection connection) {
        this.connection = connection;
    }

    @Override
    public PruneResult prune(Retention retention, Instant now, boolean vacuum, BooleanSupplier stop) {
        try {
            long before = bytes();
            long pruned = 0;
            Long limit = limitSeq(retention, now);
            while (limit != null && !stop.getAsBoolean()) {
                int n;
                synchronized (connection) {
                    n = deleteBatch(limit);
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
            return new PruneResult(pruned, left, before, bytes(), freeBytes(), vacuum);
        } catch (SQLException e) {
            throw failed("prune", e);
        }
    }

    /** Deletes up to {@value #BATCH} of the oldest deliveries before seq {@code limit}, committed; how many went. */
    int deleteBatch(long limit) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(DELETE_BEFORE)) {
            st.setLong(1, limit);
            st.setInt(2, BATCH);
            return st.executeUpdate();
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

    /** Gives the free space back, as far as the backend can without holding the writers back for long. */
    abstract void vacuum(BooleanSupplier stop) throws SQLException;

    /** What the history takes on disk now, as {@link PruneResult} compares it. */
    abstract long bytes() throws SQLException;

    /** How much of it is free, reused by new deliveries; 0 when the backend does not tell. */
    abstract long freeBytes() throws SQLException;

    /** The stats of a history holding {@code count} deliveries, with the backend's sizes. */
    abstract HistoryStats stats(long count, Instant oldest, Instant newest, Map<String, Long> providers,
            Map<String, Long> verdicts) throws SQLException;

    abstract HooksException failed(String what, SQLException e);

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
            return stats(count, instant(oldest), instant(newest), providers, verdicts);
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private static Instant instant(String key) {
        return key == null ? null : Instant.parse(key + "Z");
    }

    String scalar(String sql) throws SQLException {
        synchronized (connection) {
            return DeliveryTable.scalar(connection, sql);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
