package dev.hooks.store;

import dev.hooks.HooksException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable history of deliveries. Two backends share one design ({@link GroupCommitStore}: one writer thread, group
 * commit, duplicates marked at write time, the same queries): an embedded SQLite file ({@link SqliteStore}, the
 * default, for one developer or one CI job) and a PostgreSQL database ({@link PostgresStore}, which several listeners
 * share).
 *
 * <h2>Durability</h2>
 * When the future returned by {@link #append} completes normally, the delivery is committed durably (fsynced by
 * SQLite; committed with synchronous commit by PostgreSQL): a listener may answer 2xx then, and not before.
 * Concurrent appends share one transaction and one flush. The future completes exceptionally with a
 * {@link HooksException} when the delivery could not be saved (the store is closed or overloaded, the id is already
 * stored, the disk or the server failed).
 *
 * <h2>Duplicates</h2>
 * When a delivery with an event id is written, the store marks it {@code duplicate} if an accepted delivery
 * ({@link StoredDelivery#countsForDuplicates}) with the same provider and event id is already stored (committed, or
 * earlier in the same batch; on PostgreSQL, by whichever listener), whatever the caller set; the completed future
 * carries the result.
 *
 * <h2>Secrets</h2>
 * The store keeps exactly what it is given. <b>Callers must not pass secrets</b>: redact credentials of ours before
 * saving. A store never prints, logs or keeps the password it connects with, and no message of its names it.
 *
 * <h2>Sharing</h2>
 * Instances are thread-safe. {@link #subscribe Subscribers} hear about writes made through this instance (SQLite) or
 * through any instance on the same database (PostgreSQL). This package never writes to stdout or stderr.
 */
public interface DeliveryStore extends AutoCloseable {

    /** A subscription made with {@link #subscribe}; {@link #close()} ends it. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens the SQLite history at {@code file}, creating it, its parent directories and the schema when missing.
     *
     * @throws HooksException (exit 2) when the file cannot be created or opened, is not a hooks history, or was
     *                        written by a newer version of hooks
     */
    static DeliveryStore open(Path file) {
        return SqliteStore.open(file);
    }

    /**
     * Opens the history named by {@code location}: a {@code postgresql://} or {@code jdbc:postgresql://} URL, or else
     * the path of an SQLite file.
     *
     * @throws HooksException (exit 2) when it cannot be opened
     */
    static DeliveryStore open(String location, StoreSettings settings) {
        if (StoreLocation.isPostgres(location)) {
            return PostgresStore.open(StoreLocation.parse(location, settings), settings);
        }
        return open(Path.of(location));
    }

    /** Whether {@code location} names a database ({@code postgresql://}, {@code jdbc:postgresql://}) and not a file. */
    static boolean isDatabase(String location) {
        return StoreLocation.isPostgres(location);
    }

    /**
     * Where the history lives by default: {@code $XDG_STATE_HOME/hooks/history.db} when XDG_STATE_HOME is set to
     * an absolute path, else {@code $HOME/.local/state/hooks/history.db}.
     *
     * @param env the environment to read, e.g. {@code System.getenv()}
     * @throws HooksException (exit 2) when neither variable is usable
     */
    static Path defaultPath(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "hooks", "history.db");
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, ".local", "state", "hooks", "history.db");
        }
        throw HooksException.input("cannot tell where to keep the history: set HOME or XDG_STATE_HOME, "
                + "or pass --store PATH");
    }

    /** Where the history is, for messages: a file's absolute path, or a database URL without its password. */
    String location();

    /**
     * Names the listener that saves deliveries through this store from now on; a shared history records the name
     * with each delivery (an SQLite file, which one listener writes, does not).
     */
    default void listenerName(String name) {
    }

    /** The SQLite file, when the history is one. */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /**
     * Queues {@code d} for saving. The store assigns {@code seq} (any given seq is ignored) and, when
     * {@code d.id()} is null, a fresh id. The future completes with the delivery as stored once it is durably
     * committed, or exceptionally with a {@link HooksException} when it could not be saved.
     */
    CompletableFuture<StoredDelivery> append(StoredDelivery d);

    /** {@link #append} and wait: returns the delivery as stored once it is durably committed. */
    StoredDelivery save(StoredDelivery d);

    /**
     * Queues a replacement of the stored delivery with id {@code d.id()} by {@code d}, for facts learned after
     * saving (a forward's result). Every field but seq and id is replaced. Writes are applied in the order they
     * were queued, so an update may be queued right after its append without waiting for it. Subscribers are
     * told about the updated delivery too (same seq and id). Fails with a {@link HooksException} when no
     * delivery has that id.
     */
    CompletableFuture<StoredDelivery> update(StoredDelivery d);

    /** Deliveries that match {@code q}, newest first unless {@code q.oldestFirst()}. Only committed ones are seen. */
    List<StoredDelivery> list(Query q);

    /** What {@link #list} finds, read without the bodies, headers and verification documents: for listings. */
    List<DeliverySummary> listSummaries(Query q);

    /**
     * The delivery named by {@code idOrSeq}: its seq number (digits only), its full id, or a start or an end of its
     * id that only one delivery has (a start is tried first).
     *
     * @throws HooksException (exit 2) when the start or end is shared by several deliveries
     */
    Optional<StoredDelivery> find(String idOrSeq);

    /** The recorded requests that carried this provider event id, newest first. */
    List<StoredDelivery> findByEventId(String eventId, int max);

    /** Whether a committed accepted delivery has this provider (null matches null) and event id. */
    boolean seenEventId(String provider, String eventId);

    /** How many deliveries are stored (committed). */
    long count();

    /** How many write transactions this instance has committed; with group commit, usually fewer than rows. */
    long commitCount();

    /**
     * Calls {@code listener} with every delivery appended or updated, after it is committed, in commit order, on one
     * background thread. A listener that throws stays subscribed; its exception is dropped.
     */
    Subscription subscribe(Consumer<StoredDelivery> listener);

    /** Stops calling {@code listener}; a call already under way finishes. Unknown listeners are ignored. */
    void unsubscribe(Consumer<StoredDelivery> listener);

    /**
     * Runs each later round of completions (the futures one flush made durable) through {@code scope}, which must
     * run the round it is given once, on the calling thread. Null restores the default, which runs the round as it
     * is.
     */
    void completeRoundsWithin(Consumer<Runnable> scope);

    /**
     * Saves everything already queued, stops the writer, waits for subscribers to be told about it, and closes the
     * history. Appends made after close fail. Calling it again does nothing.
     */
    @Override
    void close();
}
