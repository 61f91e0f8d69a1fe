package dev.hooks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hooks.HooksException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The history in a PostgreSQL database, which several listeners (on one machine or many) share.
 *
 * <h2>Durability</h2>
 * Every connection commits with {@code synchronous_commit = on}: a commit returns once the server has made it
 * durable, so the writer's commit is the flush and a delivery is acknowledged right after it. Concurrent deliveries
 * share one transaction as with SQLite ({@link GroupCommitStore}).
 *
 * <h2>Several listeners</h2>
 * Each batch first takes a transaction-scoped advisory lock, so the listeners' transactions follow one another: seq
 * numbers grow in commit order (a reader that has seen seq N has seen everything committed before it), and the
 * duplicate check (a trigger of the schema) sees every other listener's committed rows. Each row records the
 * listener's name (a row that already carries one, copied from another shared history, keeps its own), and every
 * query reads it back ({@link StoredDelivery#listener}). Each commit sends a notification on the channel
 * {@value #CHANNEL}; {@link #subscribe} listens to it, so every subscriber sees every listener's deliveries as they
 * are committed.
 *
 * <h2>The server away</h2>
 * A write that cannot reach the server fails after {@value #CONNECT_TIMEOUT_MILLIS} ms (its deliveries are answered
 * 503 by a listener); the pool connects again by itself once the server is back.
 */
final class PostgresStore extends GroupCommitStore {
    static final String CHANNEL = "hooks_deliveries";
    static final long CONNECT_TIMEOUT_MILLIS = 3_000;
    /** How long opening the history waits for the server's first answer. */
    static final long START_TIMEOUT_SECONDS = 15;
    /** The advisory lock key that orders the listeners' write transactions: "hook" again. */
    static final long WRITE_LOCK = 0x686f6f6bL;

    static final Dialect DIALECT = new Dialect(
            DeliveryTable.select("listener"),
            DeliveryTable.selectSummary("''::bytea", "listener"),
            "right(id, ?) = ?",
            "SELECT 1 FROM deliveries WHERE provider IS NOT DISTINCT FROM ?::text AND event_id = ?::text AND "
                    + "(verified IS DISTINCT FROM 0 OR status BETWEEN 200 AND 299) LIMIT 1");

    /** The version this hooks writes; {@link #MIGRATIONS}[v] takes a database from version v to v + 1. */
    static final int SCHEMA_VERSION = 3;

    /** One step per version: the SQL that takes the schema from version i to i + 1. */
    static final String[][] MIGRATIONS = {
        {
            "CREATE TABLE hooks_schema (version INTEGER NOT NULL)",
            "INSERT INTO hooks_schema VALUES (0)",
            DeliveryTable.createTable("BIGSERIAL PRIMARY KEY", "BYTEA", "BIGINT"),
            "CREATE INDEX deliveries_by_event_id ON deliveries (provider, event_id) WHERE event_id IS NOT NULL",
            "CREATE INDEX deliveries_by_event_type ON deliveries (event_type)",
            // Marks a delivery duplicate when an accepted one with its provider and event id is already stored,
            // by whichever listener (StoredDelivery.countsForDuplicates).
            """
            CREATE FUNCTION hooks_mark_duplicate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.duplicate = 0 AND NEW.event_id IS NOT NULL AND EXISTS (
                        SELECT 1 FROM deliveries
                        WHERE event_id = NEW.event_id
                          AND (provider = NEW.provider OR (provider IS NULL AND NEW.provider IS NULL))
                          AND (verified IS DISTINCT FROM 0 OR status BETWEEN 200 AND 299)) THEN
                    NEW.duplicate := 1;
                END IF;
                RETURN NEW;
            END
            $$""",
            "CREATE TRIGGER deliveries_mark_duplicate BEFORE INSERT ON deliveries "
                    + "FOR EACH ROW EXECUTE FUNCTION hooks_mark_duplicate()",
        },
        {
            // Which listener received each delivery (its --name); null for rows from before.
            "ALTER TABLE deliveries ADD COLUMN listener TEXT",
        },
        // hooks emulate's state beside the deliveries (EmulatorStore).
        EmulatorStore.tables(EmulatorStore.POSTGRES),
    };

    private static final String INSERT = "INSERT INTO deliveries (id, " + DeliveryTable.DATA_COLUMNS
            + ", listener) VALUES (?" + ", ?".repeat(DeliveryTable.DATA_COLUMN_COUNT + 1)
            + ") ON CONFLICT (id) DO NOTHING RETURNING seq, duplicate";
    private static final String UPDATE = DeliveryTable.UPDATE + " RETURNING seq";

    private final StoreLocation where;
    private volatile String listener;
    private final HikariDataSource pool;
    /** The writer's connection for the batch under way. */
    private Connection writing;
    private PreparedStatement insert;
    private final List<String> updated = new ArrayList<>();
    private final Object notificationsLock = new Object();
    private Thread notifications;

    private PostgresStore(StoreLocation where, String listener, HikariDataSource pool) {
        super(where.display(), DIALECT, where.display());
        this.where = where;
        this.listener = listener;
        this.pool = pool;
        start(null, where.display());
    }

    /**
     * Connects, creates or migrates the schema, and starts the writer.
     *
     * @throws HooksException (exit 2) when the server cannot be reached, refuses the login, or holds a schema from a
     *                        newer hooks
     */
    static PostgresStore open(StoreLocation where, StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hooks-history");
        config.setJdbcUrl(where.jdbcUrl());
        config.setUsername(where.user());
        if (where.password() != null) {
            config.setPassword(where.password());
        }
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1); // the first connection below says what is wrong, in our words
        config.setConnectionInitSql("SET synchronous_commit = on");
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("ApplicationName", "hooks");
        HikariDataSource pool = new HikariDataSource(config);
        // The first connection is one of its own: a refused login or a closed port fails at once, as the driver says,
        // while a server that is slow to answer (a busy machine, listeners starting together) gets longer than a
        // delivery's wait for the pool would give it.
        try (Connection c = connect(where, START_TIMEOUT_SECONDS)) {
            migrate(c, where, SCHEMA_VERSION);
        } catch (SQLException e) {
            pool.close();
            throw HooksException.input("cannot open history " + where.display() + ": " + describe(where, e));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStore(where, settings.listener(), pool);
    }

    /**
     * Takes the schema to version {@code target} one step at a time, in one transaction under the write lock, so
     * listeners starting together migrate once. Refuses a schema newer than this hooks knows.
     */
    static void migrate(Connection c, StoreLocation where, int target) throws SQLException {
        c.setAutoCommit(false);
        try {
            lockWrites(c);
            int version = version(c);
            if (version > SCHEMA_VERSION) {
                throw HooksException.input("cannot open history " + where.display() + ": it was written by a newer "
                        + "hooks (schema " + version + ", this one knows " + SCHEMA_VERSION + "); upgrade hooks or "
                        + "pass --store with another database");
            }
            if (version == 0 && tableExists(c, "deliveries")) {
                throw HooksException.input("cannot open history " + where.display() + ": its table 'deliveries' "
                        + "belongs to something else; pass --store with another database");
            }
            for (int v = version; v < target; v++) {
                for (String sql : MIGRATIONS[v]) {
                    DeliveryTable.execute(c, sql);
                }
                DeliveryTable.execute(c, "UPDATE hooks_schema SET version = " + (v + 1));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static int version(Connection c) throws SQLException {
        if (!tableExists(c, "hooks_schema")) {
            return 0;
        }
        String v = DeliveryTable.scalar(c, "SELECT version FROM hooks_schema");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        return DeliveryTable.scalar(c, "SELECT to_regclass('" + table + "')") != null;
    }

    private static void lockWrites(Connection c) throws SQLException {
        DeliveryTable.scalar(c, "SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
    }

    @Override
    public void listenerName(String name) {
        listener = name;
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    @Override
    void begin() throws SQLException {
        writing = pool.getConnection();
        writing.setAutoCommit(false);
        lockWrites(writing);
        insert = writing.prepareStatement(INSERT);
        updated.clear();
    }

    @Override
    Inserted insert(String id, StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        insert.setString(1, id);
        DeliveryTable.bindData(insert, 2, d, encoded);
        // A row copied from another shared history keeps the name of the listener that received it.
        String name = d.listener() != null ? d.listener() : listener;
        insert.setString(DeliveryTable.DATA_COLUMN_COUNT + 2, name);
        try (ResultSet rs = insert.executeQuery()) {
            if (!rs.next()) {
                return null; // ON CONFLICT DO NOTHING: the id is already stored
            }
            return new Inserted(rs.getLong(1), rs.getInt(2) != 0, name);
        }
    }

    @Override
    Long replace(StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        try (PreparedStatement st = writing.prepareStatement(UPDATE)) {
            DeliveryTable.bindData(st, 1, d, encoded);
            st.setString(DeliveryTable.DATA_COLUMN_COUNT + 1, d.id());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                updated.add(d.id());
                return rs.getLong(1);
            }
        }
    }

    /** Commits with a notification (sent on commit), which names the updated rows; new rows are found by seq. */
    @Override
    void commit(List<StoredDelivery> written) throws SQLException {
        try (PreparedStatement notify = writing.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, String.join(" ", updated));
            notify.execute();
        }
        writing.commit();
        release();
    }

    @Override
    void abandon() {
        if (writing != null) {
            try {
                writing.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: the pool drops it
            }
        }
        release();
    }

    private void release() {
        closeQuietly(insert);
        insert = null;
        if (writing != null) {
            closeQuietly(writing); // back to the pool, which restores auto-commit
            writing = null;
        }
    }

    @Override
    void writerFinished() {
        release();
    }

    @Override
    <T> T reading(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    void closeResources() {
        Thread t;
        synchronized (notificationsLock) {
            t = notifications;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.close();
    }

    @Override
    String describe(SQLException e) {
        return describe(where, e);
    }

    private static String describe(StoreLocation where, SQLException e) {
        // The pool's "connection is not available" carries the driver's reason (refused, wrong password) as cause.
        Throwable reason = e;
        while (reason.getCause() instanceof SQLException cause && cause != reason) {
            reason = cause;
        }
        String m = String.valueOf(reason.getMessage());
        // The driver's advice to check the host name and port is ours to give, not its own wording.
        int advice = m.indexOf(" Check that the hostname and port are correct");
        if (advice > 0) {
            m = m.substring(0, advice);
        }
        if (m.startsWith("FATAL: ") || m.startsWith("ERROR: ")) {
            m = m.substring(7);
        }
        return where.redact(m.lines().findFirst().orElse(m));
    }

    // ---- subscribers: LISTEN / NOTIFY ------------------------------------------------------------------------

    @Override
    boolean notifiesOnCommit() {
        return false; // every listener's commits, this one's included, come through the notification channel
    }

    @Override
    void subscribed() {
        synchronized (notificationsLock) {
            if (notifications == null && !isClosed()) {
                long from = lastSeq();
                notifications = new Thread(() -> listen(from), "hooks-store-notifications " + where.display());
                notifications.setDaemon(true);
                notifications.start();
            }
        }
    }

    /** A connection of its own, outside the pool, in auto-commit; the caller closes it. */
    Connection connect() throws SQLException {
        return connect(where, CONNECT_TIMEOUT_MILLIS / 1000);
    }

    private static Connection connect(StoreLocation where, long timeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", where.user());
        if (where.password() != null) {
            props.setProperty("password", where.password());
        }
        props.setProperty("connectTimeout", Long.toString(timeoutSeconds));
        props.setProperty("ApplicationName", "hooks");
        return DriverManager.getConnection(where.jdbcUrl(), props);
    }

    private long lastSeq() {
        return read("SELECT coalesce(max(seq), 0) FROM deliveries", List.of(), 1, rs -> rs.getLong(1)).get(0);
    }

    /**
     * Listens on {@link #CHANNEL} on a connection of its own (outside the pool, held for the store's life), and on
     * each notification reads the rows committed since the last one it read, and the rows named as updated. After a
     * lost connection it connects again and catches up by seq, so nothing committed meanwhile is missed.
     */
    private void listen(long from) {
        long last = from;
        while (!isClosed() && !Thread.currentThread().isInterrupted()) {
            try (Connection c = connect()) {
                DeliveryTable.execute(c, "LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                last = catchUp(c, last, Set.of());
                while (!isClosed() && !Thread.currentThread().isInterrupted()) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got == null || got.length == 0) {
                        continue;
                    }
                    Set<String> ids = new LinkedHashSet<>();
                    for (PGNotification n : got) {
                        for (String id : n.getParameter().split(" ")) {
                            if (!id.isEmpty()) {
                                ids.add(id);
                            }
                        }
                    }
                    last = catchUp(c, last, ids);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    Thread.sleep(1_000); // the server is away: try again, then catch up
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Tells subscribers about the rows past {@code last} and the updated {@code ids}; the new last seq. */
    private long catchUp(Connection c, long last, Set<String> ids) throws SQLException {
        List<StoredDelivery> found = new ArrayList<>();
        long seen = last;
        try (PreparedStatement st = c.prepareStatement(DIALECT.select() + " WHERE seq > ? ORDER BY seq")) {
            st.setLong(1, last);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StoredDelivery d = DeliveryTable.read(rs);
                    found.add(d);
                    seen = d.seq();
                }
            }
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement(DIALECT.select() + " WHERE id = ANY (?)")) {
                st.setArray(1, c.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        StoredDelivery d = DeliveryTable.read(rs);
                        if (d.seq() <= last) {
                            found.add(d); // a row new in this round is told once, as it is now
                        }
                    }
                }
            }
        }
        if (!found.isEmpty() && hasSubscribers()) {
            notifyLater(found);
        }
        return seen;
    }
}
