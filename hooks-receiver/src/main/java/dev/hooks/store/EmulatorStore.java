package dev.hooks.store;

import dev.hooks.HooksException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code hooks emulate} keeps in the history, in tables of its own beside the deliveries: the emulated
 * providers' subscriptions (as JSON documents the emulator writes and reads back, never with their secrets), the
 * events it made, and every delivery attempt. The same statements run on both backends, their few differences given
 * as a {@link Dialect}:
 * <ul>
 *   <li>an SQLite file: one connection, used under this object's lock; the file is shared with {@code hooks listen}
 *       through SQLite's write-ahead log, and the tables are made here when missing;</li>
 *   <li>a PostgreSQL database: the history's own connections ({@link PostgresStore}: its pool, password and
 *       redaction), with the tables made by the history's versioned migrations.</li>
 * </ul>
 */
public final class EmulatorStore implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /**
     * What differs between the backends: the types of bytes and of fractional numbers, and the column that orders
     * attempts made within one millisecond in the order they were added (with its definition, when it is not
     * implicit).
     */
    record Dialect(String bytes, String real, String insertOrder, String insertOrderColumn) {}

    static final Dialect SQLITE = new Dialect("BLOB", "REAL", "rowid", "");
    static final Dialect POSTGRES = new Dialect("BYTEA", "DOUBLE PRECISION", "n", ", n BIGSERIAL");

    /** The emulator's tables and index, made when missing. */
    static String[] tables(Dialect d) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS emulator_subscriptions (provider TEXT NOT NULL, id TEXT NOT NULL, "
                    + "created_at BIGINT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (provider, id))",
            "CREATE TABLE IF NOT EXISTS emulator_events (provider TEXT NOT NULL, id TEXT NOT NULL, "
                    + "type TEXT NOT NULL, created_at BIGINT NOT NULL, body " + d.bytes() + " NOT NULL, "
                    + "PRIMARY KEY (provider, id))",
            "CREATE TABLE IF NOT EXISTS emulator_attempts (id TEXT PRIMARY KEY, provider TEXT NOT NULL, "
                    + "subscription_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL, "
                    + "attempt INTEGER NOT NULL, at BIGINT NOT NULL, status INTEGER NOT NULL, latency_ms "
                    + d.real() + " NOT NULL, error TEXT, outcome TEXT NOT NULL" + d.insertOrderColumn() + ")",
            "CREATE TABLE IF NOT EXISTS emulator_pending (provider TEXT NOT NULL, subscription_id TEXT NOT NULL, "
                    + "event_id TEXT NOT NULL, event_type TEXT NOT NULL, attempt INTEGER NOT NULL, due BIGINT NOT NULL, "
                    + "PRIMARY KEY (provider, subscription_id, event_id))",
            "CREATE INDEX IF NOT EXISTS emulator_attempts_by_subscription "
                    + "ON emulator_attempts (provider, subscription_id, at)",
        };
    }

    /** An event the emulator made: its full body as rendered, before any per-subscription change. */
    public record StoredEvent(String provider, String id, String type, Instant createdAt, byte[] body) {}

    /**
     * One delivery attempt.
     *
     * @param id the attempt's own id (what the deliveries log lists and a retry names)
     * @param status the HTTP status answered, 0 when there was no answer
     * @param error why it failed (network error or status), or null
     * @param outcome {@code delivered}, {@code retrying}, {@code failed}, {@code stopped}, or {@code abandoned}: a
     *     scheduled retry not sent, because its subscription was no longer active when it fell due
     */
    public record Attempt(String id, String provider, String subscriptionId, String eventId, String eventType,
                          int attempt, Instant at, int status, double latencyMillis, String error, String outcome) {}

    /** A retry on the schedule not made yet: attempt {@code attempt} of the event to the subscription, due at {@code due}. */
    public record Pending(String provider, String subscriptionId, String eventId, String eventType, int attempt,
                          Instant due) {}

    /** The SQLite file's connection, or null on PostgreSQL. */
    private final Connection file;
    /** The PostgreSQL history whose connections this store borrows, or null for a file. */
    private final PostgresStore database;
    private final Dialect dialect;
    private final String location;

    private EmulatorStore(Connection file, PostgresStore database, Dialect dialect, String location) {
        this.file = file;
        this.database = database;
        this.dialect = dialect;
        this.location = location;
    }

    /** Opens (creating where needed) the emulator's tables in the SQLite history file. */
    public static EmulatorStore open(Path file) {
        return open(file.toString(), StoreSettings.reading(java.util.Map.of()));
    }

    /**
     * Opens (creating where needed) the emulator's tables in the history at {@code location}: a
     * {@code postgresql://} or {@code jdbc:postgresql://} URL, or else the path of an SQLite file. The history itself
     * is opened first, so it is made, checked and versioned (migrated, on PostgreSQL) before the emulator uses it.
     *
     * @throws HooksException (exit 2) when it cannot be opened; the message never holds the password
     */
    public static EmulatorStore open(String location, StoreSettings settings) {
        if (StoreLocation.isPostgres(location)) {
            PostgresStore history = PostgresStore.open(StoreLocation.parse(location, settings), settings);
            return new EmulatorStore(null, history, POSTGRES, history.location());
        }
        Path path = Path.of(location).toAbsolutePath().normalize();
        DeliveryStore.open(path).close();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                s.execute("PRAGMA journal_mode = WAL");
                for (String sql : tables(SQLITE)) {
                    s.execute(sql);
                }
            }
            return new EmulatorStore(c, null, SQLITE, path.toString());
        } catch (SQLException e) {
            throw HooksException.input("cannot open the history " + path + " for the emulator: " + e.getMessage());
        }
    }

    /** Where the state is, for messages: the file's absolute path, or the database's URL without its password. */
    public String location() {
        return location;
    }

    /** Inserts or replaces a subscription's document. */
    public synchronized void saveSubscription(String provider, String id, Instant createdAt, String doc) {
        update("INSERT INTO emulator_subscriptions (provider, id, created_at, doc) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (provider, id) DO UPDATE SET doc = excluded.doc", provider, id, createdAt.toEpochMilli(), doc);
    }

    public synchronized void deleteSubscription(String provider, String id) {
        update("DELETE FROM emulator_subscriptions WHERE provider = ? AND id = ?", provider, id);
    }

    /** The subscriptions' documents of one provider, oldest first. */
    public synchronized List<String> subscriptions(String provider) {
        return query("SELECT doc FROM emulator_subscriptions WHERE provider = ? ORDER BY created_at, id",
                r -> r.getString(1), provider);
    }

    /** What this store recorded since it was opened: events made, and delivery attempts answered 2xx or not. */
    public record Counts(long events, long delivered, long failed) {}

    private long eventsSaved;
    private long attemptsDelivered;
    private long attemptsFailed;

    /** What this store recorded since it was opened. */
    public synchronized Counts counts() {
        return new Counts(eventsSaved, attemptsDelivered, attemptsFailed);
    }

    public synchronized void saveEvent(StoredEvent e) {
        eventsSaved++;
        update("INSERT INTO emulator_events (provider, id, type, created_at, body) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (provider, id) DO UPDATE SET type = excluded.type, created_at = excluded.created_at, "
                + "body = excluded.body", e.provider(), e.id(), e.type(), e.createdAt().toEpochMilli(), e.body());
    }

    public synchronized Optional<StoredEvent> event(String provider, String id) {
        return query("SELECT type, created_at, body FROM emulator_events WHERE provider = ? AND id = ?",
                r -> new StoredEvent(provider, id, r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getBytes(3)),
                provider, id).stream().findFirst();
    }

    public synchronized void addAttempt(Attempt a) {
        if (a.status() >= 200 && a.status() < 300) {
            attemptsDelivered++;
        } else {
            attemptsFailed++;
        }
        update("INSERT INTO emulator_attempts (id, provider, subscription_id, event_id, event_type, attempt, at, status, "
                + "latency_ms, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.provider(),
                a.subscriptionId(), a.eventId(), a.eventType(), a.attempt(), a.at().toEpochMilli(), a.status(),
                a.latencyMillis(), a.error(), a.outcome());
    }

    /** A subscription's attempts made at or after {@code since}, newest first. */
    public synchronized List<Attempt> attempts(String provider, String subscriptionId, Instant since) {
        return attemptsWhere("provider = ? AND subscription_id = ? AND at >= ? ORDER BY at DESC, "
                + dialect.insertOrder() + " DESC", provider, subscriptionId, since.toEpochMilli());
    }

    public synchronized Optional<Attempt> attempt(String provider, String id) {
        return attemptsWhere("provider = ? AND id = ?", provider, id).stream().findFirst();
    }

    /** Records (or moves on) the next retry of an event to a subscription. */
    public synchronized void savePending(Pending p) {
        update("INSERT INTO emulator_pending (provider, subscription_id, event_id, event_type, attempt, due) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider, subscription_id, event_id) DO UPDATE SET "
                + "attempt = excluded.attempt, due = excluded.due", p.provider(), p.subscriptionId(), p.eventId(),
                p.eventType(), p.attempt(), p.due().toEpochMilli());
    }

    /** Forgets the retry of an event to a subscription: made, or not to be made. */
    public synchronized void deletePending(String provider, String subscriptionId, String eventId) {
        update("DELETE FROM emulator_pending WHERE provider = ? AND subscription_id = ? AND event_id = ?",
                provider, subscriptionId, eventId);
    }

    /** One provider's retries not made yet, soonest first. */
    public synchronized List<Pending> pending(String provider) {
        return query("SELECT subscription_id, event_id, event_type, attempt, due FROM emulator_pending "
                + "WHERE provider = ? ORDER BY due", r -> new Pending(provider, r.getString(1), r.getString(2),
                r.getString(3), r.getInt(4), Instant.ofEpochMilli(r.getLong(5))), provider);
    }

    /** Forgets the attempts and events made before {@code before}: the provider's retention. */
    public synchronized void purge(String provider, Instant before) {
        update("DELETE FROM emulator_attempts WHERE provider = ? AND at < ?", provider, before.toEpochMilli());
        update("DELETE FROM emulator_events WHERE provider = ? AND created_at < ?", provider, before.toEpochMilli());
    }

    private List<Attempt> attemptsWhere(String where, Object... args) {
        return query("SELECT id, provider, subscription_id, event_id, event_type, attempt, at, status, latency_ms, "
                + "error, outcome FROM emulator_attempts WHERE " + where, r -> new Attempt(r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6),
                Instant.ofEpochMilli(r.getLong(7)), r.getInt(8), r.getDouble(9), r.getString(10), r.getString(11)),
                args);
    }

    /** Reads one row of a result. */
    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        return on(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, args);
                List<T> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(row.read(r));
                    }
                }
                return out;
            }
        });
    }

    private void update(String sql, Object... args) {
        on(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, args);
                return p.executeUpdate();
            }
        });
    }

    /** Runs {@code work} on the file's connection, or on one of the database's. */
    private <T> T on(GroupCommitStore.SqlWork<T> work) {
        try {
            return database != null ? database.reading(work) : work.run(file);
        } catch (SQLException e) {
            String why = database != null ? database.describe(e) : e.getMessage();
            throw new HooksException(HooksException.INTERNAL, "the emulator's history failed: " + why, e);
        }
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            return;
        }
        try {
            file.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
