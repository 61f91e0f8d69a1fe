package dev.hooks.store;

import dev.hooks.HooksException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The durable history of deliveries: an embedded SQLite file.
 *
 * <h2>Durability</h2>
 * The file is in WAL mode (rollback-journal mode with {@code synchronous=FULL} where WAL is not available). When the
 * future returned by {@link #append} completes normally, the delivery is committed and fsynced: it survives the
 * process being killed (kill -9) and the machine losing power. A listener may therefore answer 2xx once the future
 * has completed, and not before. A file left behind by a killed process opens normally (SQLite recovers the WAL).
 *
 * <h2>Group commit</h2>
 * All writes go through one writer thread. It takes everything queued, writes it in one transaction and commits
 * once, so concurrent callers share one fsync instead of paying one each. In WAL mode the fsync is taken off the
 * writer: it commits with {@code synchronous=NORMAL} (the WAL is written, not synced) and hands the batch to a sync
 * thread, which fsyncs the WAL and only then completes the batch's futures. The writer fills the next transaction
 * while the disk flushes the last one, and one fsync covers every batch committed before it began. While the sync
 * thread is in a round (fsyncing, then answering), rows committed now must wait for its next round anyway, so the
 * writer gathers up to {@value #GATHER} of them and commits them together as soon as the round ends: fewer, larger
 * transactions, which write each shared page (index leaves, the table's last page) to the WAL once instead of once
 * per small commit. When the sync thread is idle, the writer commits at once. A commit that is
 * written but not yet synced is visible to readers, never acknowledged; should the fsync fail, its futures fail
 * although its rows are in the file. The queue is bounded; when it stays full for 10 seconds, or when a write
 * fails, the future completes exceptionally with a {@link HooksException}. One row that breaks a constraint (an id
 * already stored) fails only its own future; an I/O error fails the whole batch and nothing of it is kept. Copying
 * the WAL back into the database file (the checkpoint) is mostly done by a thread of its own, so no commit waits
 * for a large copy.
 *
 * <p>Futures are completed on the sync thread (on the writer thread when not in WAL mode): dependent stages added
 * with the non-async methods ({@code thenApply}, {@code thenAccept}) run there and hold up the completion of every
 * later batch, so keep them short (answering an HTTP request is) or use the {@code ...Async} variants. Blocking on
 * {@code join()} / {@link #save} from a request thread is fine.
 *
 * <h2>Duplicates</h2>
 * When a delivery with an event id is written, the store marks it {@code duplicate} if an accepted delivery
 * ({@link StoredDelivery#countsForDuplicates}) with the same provider and event id is already stored (committed, or
 * earlier in the same batch), whatever the caller set; a request refused by a check never makes the genuine
 * delivery after it a duplicate;
 * the completed future carries the result. This is race-free, unlike a check before saving with
 * {@link #seenEventId}.
 *
 * <h2>Secrets</h2>
 * The store keeps exactly what it is given, headers and bodies as received. <b>Callers must not pass
 * secrets</b>: redact credentials of ours (an API key header, an OAuth client secret in a token request)
 * before saving.
 *
 * <h2>Sharing</h2>
 * Instances are thread-safe. Several processes may open the same file (a listener and {@code hooks events});
 * writers wait for each other up to 10 seconds. {@link #subscribe subscribers} hear only
 * about writes made through this instance. This package never writes to stdout or stderr.
 */
public final class DeliveryStore implements AutoCloseable {
    static final int QUEUE_CAPACITY = 1024;
    static final int MAX_BATCH = 512;
    /** How many rows the writer gathers while the sync thread is busy before it commits them anyway. */
    static final int GATHER = 16;
    /** The longest the writer gathers, should a round take that long (a slow disk): it then commits anyway. */
    static final long GATHER_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final int ENQUEUE_TIMEOUT_SECONDS = 10;
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    static final int WRITER_CACHE_KIB = 8 * 1024;
    /** How often the checkpointer looks for new commits to copy from the WAL into the database file. */
    static final long CHECKPOINT_EVERY_MILLIS = 100;
    /** The WAL is cut back to this size when it starts over. */
    static final long WAL_SIZE_LIMIT = 64L * 1024 * 1024;

    /** A subscription made with {@link #subscribe}; {@link #close()} ends it. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** One queued write; the costly columns are encoded by the caller, so the single writer only binds them. */
    private record Op(StoredDelivery delivery, DeliveryTable.Encoded encoded, boolean update,
                      CompletableFuture<StoredDelivery> future) {
        Op(StoredDelivery delivery, boolean update) {
            this(delivery, DeliveryTable.Encoded.of(delivery), update, new CompletableFuture<>());
        }
    }

    private static final Op STOP = new Op(null, null, false, null);

    private final Path file;
    /** The file as opened, checked before each commit and after each sync. */
    private final FileIdentity identity;
    private final Connection writeConnection;
    private final Connection readConnection;
    /** Checkpoints the WAL into the database file off the writer's path; null when the file is not in WAL mode. */
    private final Connection checkpointConnection;
    private final Thread checkpointer;
    private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    /** Takes committed batches from the writer, fsyncs the WAL, completes them; null when not in WAL mode. */
    private final Syncer syncer;
    private final ExecutorService notifier;
    private final List<Consumer<StoredDelivery>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    /** Set while the writer waits in {@link #gather}: whoever ends the wait unparks it. */
    private volatile boolean gathering;
    /** While gathering: how many queued rows make the writer commit without waiting for the round's end. */
    private volatile int gatherMore;
    /** {@link #GATHER_LIMIT_NANOS}; tests lengthen it to watch the writer gather. */
    volatile long gatherLimitNanos = GATHER_LIMIT_NANOS;
    /** Run by the sync thread at the start of each round, before its fsync; tests hold a round open with it. */
    volatile Runnable beforeSync;
    /** What each round of completions runs inside; see {@link #completeRoundsWithin}. */
    private volatile Consumer<Runnable> rounds = Runnable::run;
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private DeliveryStore(Path file, FileIdentity identity, Connection writeConnection, Connection readConnection,
            Connection checkpointConnection) {
        this.file = file;
        this.identity = identity;
        this.writeConnection = writeConnection;
        this.readConnection = readConnection;
        this.checkpointConnection = checkpointConnection;
        String name = file.getFileName().toString();
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hooks-store-events " + name);
            t.setDaemon(true);
            return t;
        });
        this.syncer = checkpointConnection == null ? null : new Syncer(file, name);
        this.writer = new Thread(this::writeLoop, "hooks-store-writer " + name);
        this.writer.setDaemon(true);
        this.writer.start();
        if (checkpointConnection != null) {
            this.checkpointer = new Thread(this::checkpointLoop, "hooks-store-checkpoint " + name);
            this.checkpointer.setDaemon(true);
            this.checkpointer.start();
        } else {
            this.checkpointer = null;
        }
    }

    /**
     * Opens the history at {@code file}, creating it, its parent directories and the schema when missing.
     * A new directory is made readable by its owner only, and so is a new file, since bodies may hold
     * personal data.
     *
     * @throws HooksException (exit 2) when the file cannot be created or opened, is not a hooks history, or was
     *                        written by a newer version of hooks
     */
    public static DeliveryStore open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        createFile(path);
        Connection write = null;
        Connection read = null;
        Connection checkpoint = null;
        try {
            write = connect(path);
            // A new file gives pages back to the file system on request (HistoryUpkeep's vacuum), in small steps
            // beside the writer; on a file that already has tables this does nothing.
            DeliveryTable.execute(write, "PRAGMA auto_vacuum = INCREMENTAL");
            // The writer's page cache holds the index pages that inserts touch at random (providers' event ids,
            // event types), so a growing history does not turn each insert into page reads; the reader keeps
            // SQLite's default.
            DeliveryTable.execute(write, "PRAGMA cache_size = -" + WRITER_CACHE_KIB);
            boolean wal = "wal".equalsIgnoreCase(DeliveryTable.scalar(write, "PRAGMA journal_mode = WAL"));
            if (!wal) {
                // Still durable with synchronous=FULL in rollback-journal mode, only slower; keep going.
                DeliveryTable.execute(write, "PRAGMA journal_mode = DELETE");
            }
            ensureSchema(write, path);
            checkIntegrity(write, path);
            read = connect(path);
            if (wal) {
                // Copying the WAL back into the file all at once (every 1000 pages) would stall the commit that
                // crosses the mark, and every delivery waiting on it: a thread of its own copies as commits come,
                // and the writer's own checkpoint at the mark has only the last few pages left to copy before the
                // WAL starts over.
                DeliveryTable.execute(write, "PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
                // The writer's commits write the WAL without syncing it; the store's sync thread fsyncs it before
                // any of them is acknowledged (see the class doc). Checkpoints still sync the WAL before copying
                // it and the database file after, so the WAL never starts over on pages that are not on disk.
                DeliveryTable.execute(write, "PRAGMA synchronous = NORMAL");
                checkpoint = connect(path);
            }
            return new DeliveryStore(path, FileIdentity.of(path), write, read, checkpoint);
        } catch (IOException e) {
            closeQuietly(write);
            closeQuietly(read);
            closeQuietly(checkpoint);
            throw HooksException.input("cannot open history " + path + ": " + e.getMessage());
        } catch (SQLException e) {
            closeQuietly(write);
            closeQuietly(read);
            closeQuietly(checkpoint);
            throw HooksException.input("cannot open history " + path + ": " + describe(e));
        } catch (RuntimeException e) {
            closeQuietly(write);
            closeQuietly(read);
            closeQuietly(checkpoint);
            throw e;
        }
    }

    /**
     * Where the history lives by default: {@code $XDG_STATE_HOME/hooks/history.db} when XDG_STATE_HOME is set to
     * an absolute path, else {@code $HOME/.local/state/hooks/history.db}.
     *
     * @param env the environment to read, e.g. {@code System.getenv()}
     * @throws HooksException (exit 2) when neither variable is usable
     */
    public static Path defaultPath(Map<String, String> env) {
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

    /** The absolute path of the database file. */
    public Path file() {
        return file;
    }

    /**
     * Queues {@code d} for saving. The store assigns {@code seq} (any given seq is ignored) and, when
     * {@code d.id()} is null, a fresh id. The future completes with the delivery as stored once it is durably
     * committed, or exceptionally with a {@link HooksException} when it could not be saved (the store is
     * closed or overloaded, the id is already stored, the disk failed).
     */
    public CompletableFuture<StoredDelivery> append(StoredDelivery d) {
        return enqueue(new Op(Objects.requireNonNull(d, "delivery"), false));
    }

    /** {@link #append} and wait: returns the delivery as stored once it is durably committed. */
    public StoredDelivery save(StoredDelivery d) {
        return await(append(d));
    }

    /**
     * Queues a replacement of the stored delivery with id {@code d.id()} by {@code d}, for facts learned after
     * saving (a forward's result). Every field but seq and id is replaced. Writes are applied in the order they
     * were queued, so an update may be queued right after its append without waiting for it. Subscribers are
     * told about the updated delivery too (same seq and id). Fails with a {@link HooksException} when no
     * delivery has that id.
     */
    public CompletableFuture<StoredDelivery> update(StoredDelivery d) {
        Objects.requireNonNull(d, "delivery");
        if (d.id() == null) {
            throw new IllegalArgumentException("update: the delivery has no id");
        }
        return enqueue(new Op(d, true));
    }

    /**
     * Deliveries that match {@code q}, newest first unless {@code q.oldestFirst()}. Only committed deliveries
     * are seen.
     */
    public List<StoredDelivery> list(Query q) {
        List<Object> args = new ArrayList<>();
        return read(where(DeliveryTable.SELECT, q, args), args, Integer.MAX_VALUE);
    }

    /**
     * What {@link #list} finds, read without the bodies, headers and verification documents: for listings, whose
     * cost then does not grow with the size of what was delivered.
     */
    public List<DeliverySummary> listSummaries(Query q) {
        List<Object> args = new ArrayList<>();
        return read(where(DeliveryTable.SELECT_SUMMARY, q, args), args, Integer.MAX_VALUE,
                rs -> new DeliverySummary(DeliveryTable.read(rs), rs.getInt("body_length")));
    }

    /** {@code select} with the conditions, order and limit of {@code q}; their values added to {@code args}. */
    private static String where(String select, Query q, List<Object> args) {
        StringBuilder sql = new StringBuilder(select).append(" WHERE 1 = 1");
        if (q.provider() != null) {
            sql.append(" AND provider = ?");
            args.add(q.provider());
        }
        if (q.eventType() != null) {
            sql.append(" AND event_type = ?");
            args.add(q.eventType());
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind());
        }
        switch (q.verified()) {
            // A delivery refused 400 for its body (cannot decrypt, malformed JSON) after a good signature is invalid too.
            case VALID -> sql.append(" AND verified = 1 AND NOT (kind = 'delivery' AND status = 400)");
            case INVALID -> sql.append(" AND (verified = 0 OR (kind = 'delivery' AND status = 400))");
            case UNSIGNED -> sql.append(" AND verified IS NULL");
            case ANY -> { }
        }
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        if (q.afterSeq() != null) {
            sql.append(" AND seq > ?");
            args.add(q.afterSeq());
        }
        sql.append(q.oldestFirst() ? " ORDER BY seq ASC" : " ORDER BY seq DESC");
        if (q.limit() > 0) {
            sql.append(" LIMIT ?");
            args.add(q.limit());
        }
        return sql.toString();
    }

    /**
     * The delivery named by {@code idOrSeq}: its seq number (digits only), its full id, or a start or an end of its
     * id that only one delivery has (a start is tried first).
     *
     * @throws HooksException (exit 2) when the start or end is shared by several deliveries
     */
    public Optional<StoredDelivery> find(String idOrSeq) {
        String key = idOrSeq == null ? "" : idOrSeq.strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (key.length() <= 18 && key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            List<StoredDelivery> bySeq = read(DeliveryTable.SELECT + " WHERE seq = ?", List.of(Long.parseLong(key)), 1);
            if (!bySeq.isEmpty()) {
                return Optional.of(bySeq.get(0));
            }
        }
        List<StoredDelivery> exact = read(DeliveryTable.SELECT + " WHERE id = ?", List.of(key), 1);
        if (!exact.isEmpty()) {
            return Optional.of(exact.get(0));
        }
        // Ids are printable ASCII (below 0x7f), so every id that starts with key sorts below key + "\u007f".
        List<StoredDelivery> byPrefix = read(DeliveryTable.SELECT + " WHERE id > ? AND id < ? ORDER BY id LIMIT 2",
                List.of(key, key + "\u007f"), 2);
        if (!byPrefix.isEmpty()) {
            return only(byPrefix, key, "start");
        }
        // An id starts with the time it was made and ends at random (StoredDelivery.newId), so its last few
        // characters name it as well as its start does. The inner query reads only ids: SQLite scans the id index.
        List<StoredDelivery> bySuffix = read(DeliveryTable.SELECT + " WHERE id IN (SELECT id FROM deliveries "
                + "WHERE substr(id, -?) = ? LIMIT 2) ORDER BY id", List.of(key.length(), key), 2);
        return bySuffix.isEmpty() ? Optional.empty() : only(bySuffix, key, "end");
    }

    /** The recorded requests that carried this provider event id, newest first (a fallback lookup: not indexed alone). */
    public List<StoredDelivery> findByEventId(String eventId, int max) {
        return read(DeliveryTable.SELECT + " WHERE event_id = ? ORDER BY seq DESC LIMIT ?", List.of(eventId, max), max);
    }

    /** The one delivery of {@code found}, which {@code key} names by the {@code part} of its id. */
    private static Optional<StoredDelivery> only(List<StoredDelivery> found, String key, String part) {
        if (found.size() > 1) {
            throw HooksException.input("'" + key + "' is the " + part + " of more than one delivery id ("
                    + found.get(0).id() + ", " + found.get(1).id() + ", ...): give more of the id");
        }
        return Optional.of(found.get(0));
    }

    /** Whether a committed accepted delivery has this provider (null matches null) and event id. */
    public boolean seenEventId(String provider, String eventId) {
        if (eventId == null) {
            return false;
        }
        synchronized (readConnection) {
            try (PreparedStatement st = readConnection.prepareStatement(DeliveryTable.EVENT_SEEN)) {
                st.setString(1, provider);
                st.setString(2, eventId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            } catch (SQLException e) {
                throw readFailed(e);
            }
        }
    }

    /** How many deliveries are stored (committed). */
    public long count() {
        synchronized (readConnection) {
            try {
                return Long.parseLong(DeliveryTable.scalar(readConnection, "SELECT count(*) FROM deliveries"));
            } catch (SQLException e) {
                throw readFailed(e);
            }
        }
    }

    /** How many write transactions this instance has committed; with group commit, usually fewer than rows. */
    public long commitCount() {
        return commits.get();
    }

    /**
     * Calls {@code listener} with every delivery appended or updated through this store, after it is committed,
     * in commit order, on one background thread (so a slow listener delays only other listeners). A listener
     * that throws stays subscribed; its exception is dropped.
     */
    public Subscription subscribe(Consumer<StoredDelivery> listener) {
        Objects.requireNonNull(listener, "listener");
        subscribers.add(listener);
        return () -> unsubscribe(listener);
    }

    /**
     * Runs each later round of completions (the futures of the batches one fsync made durable; of one batch when not
     * in WAL mode) through {@code scope}, which must run the round it is given once, on the calling thread. A caller
     * whose completion stages start further work can so hold that work back until every future of the round is
     * completed, instead of delaying the round's other answers with it. Null restores the default, which runs the
     * round as it is.
     */
    public void completeRoundsWithin(Consumer<Runnable> scope) {
        rounds = scope == null ? Runnable::run : scope;
    }

    /** Stops calling {@code listener}; a call already under way finishes. Unknown listeners are ignored. */
    public void unsubscribe(Consumer<StoredDelivery> listener) {
        subscribers.remove(listener);
    }

    /**
     * Saves everything already queued, stops the writer, waits for subscribers to be told about it, and closes
     * the file. Appends made after close fail. Calling it again does nothing.
     */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true; // from here on nothing is queued: enqueue checks under the read lock
        } finally {
            closeLock.writeLock().unlock();
        }
        // Wake the writer; if the queue is full it is busy anyway and stops once it is empty.
        queue.offer(STOP);
        LockSupport.unpark(writer); // in case it is gathering
        boolean interrupted = false;
        // Called from a completion stage, on the writer or the sync thread, it must not wait for them: they finish
        // once it returns.
        if (Thread.currentThread() != writer && (syncer == null || !syncer.isCurrentThread())) {
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            notifier.shutdown();
            try {
                notifier.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (checkpointer != null) {
            checkpointer.interrupt();
            while (checkpointer.isAlive() && Thread.currentThread() != checkpointer) {
                try {
                    checkpointer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            closeQuietly(checkpointConnection); // the last connection to close folds the WAL into the file
        }
        synchronized (readConnection) {
            closeQuietly(readConnection);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- writing -------------------------------------------------------------------------------------------

    private CompletableFuture<StoredDelivery> enqueue(Op op) {
        closeLock.readLock().lock();
        try {
            if (closed) {
                op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                        "cannot save to history " + file + ": the store is closed"));
            } else if (queue.offer(op, ENQUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (gathering && queue.size() >= gatherMore) {
                    LockSupport.unpark(writer);
                }
            } else {
                op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                        "cannot save to history " + file + ": " + QUEUE_CAPACITY + " deliveries are waiting for "
                                + "the disk"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                    "cannot save to history " + file + ": interrupted while waiting for room in the queue", e));
        } finally {
            closeLock.readLock().unlock();
        }
        return op.future();
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            // STOP is queued after every accepted op, so it is last in its batch.
            stop = takeBatch(queue, batch, MAX_BATCH, STOP);
            if (!stop && syncer != null && batch.size() < GATHER && syncer.busy) {
                stop = gather(batch);
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            stop |= closed && queue.isEmpty();
        }
        statements.close();
        if (syncer != null) {
            syncer.finish(); // completes everything committed, then returns
        }
        closeQuietly(writeConnection);
        notifier.shutdown(); // queued notifications still run
    }

    /**
     * While the sync thread is in a round: waits until it ends, until {@link #GATHER} rows are queued, or until the
     * store closes, then takes what is queued into {@code batch}; true when STOP was among it. Whoever ends the wait
     * unparks the writer after reading {@code gathering}, which is set before the conditions are checked, so no
     * wake-up is missed. A timed park bounds the wait should one be.
     */
    private boolean gather(List<Op> batch) {
        gatherMore = GATHER - batch.size();
        gathering = true;
        try {
            long deadline = System.nanoTime() + gatherLimitNanos;
            while (syncer.busy && queue.size() < gatherMore && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            gathering = false;
        }
        return drainUntil(queue, batch, MAX_BATCH, STOP);
    }

    /**
     * Waits for the first item of {@code queue}, then moves what else is there into {@code into} (cleared first, at
     * most {@code max} in all); true when the last one is {@code end}, which is left out. Interrupts are ignored:
     * only {@code end} ends the loops that call this, so that nothing queued is dropped.
     */
    private static <T> boolean takeBatch(BlockingQueue<T> queue, List<T> into, int max, T end) {
        into.clear();
        while (into.isEmpty()) {
            try {
                into.add(queue.take());
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
        return drainUntil(queue, into, max, end);
    }

    /** Moves what is queued into {@code into} (at most {@code max} in all); true when it ended with {@code end}. */
    private static <T> boolean drainUntil(BlockingQueue<T> queue, List<T> into, int max, T end) {
        queue.drainTo(into, max - into.size());
        if (!into.isEmpty() && into.get(into.size() - 1) == end) {
            into.remove(into.size() - 1);
            return true;
        }
        return false;
    }

    /**
     * Copies committed pages from the WAL into the database file while the writer goes on (a PASSIVE checkpoint
     * neither waits for nor blocks it); the writer starts the WAL over once everything in it has been copied.
     */
    private void checkpointLoop() {
        long seen = commits.get();
        while (!closed) {
            try {
                Thread.sleep(CHECKPOINT_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return; // close() is stopping it
            }
            long now = commits.get();
            if (now != seen) {
                seen = now;
                try {
                    DeliveryTable.scalar(checkpointConnection, "PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    // Nothing is lost: the pages stay in the WAL, and the next round (or closing) copies them.
                }
            }
        }
    }

    /**
     * The writer's statements, prepared once and kept for the life of the store (writer thread only): a batch
     * costs BEGIN, one INSERT ... RETURNING per row (the duplicate check and the seq come with it), and COMMIT.
     */
    private final class Statements {
        private PreparedStatement begin;
        private PreparedStatement commit;
        private PreparedStatement insert;
        private PreparedStatement update;
        private PreparedStatement seqOfId;

        void open() throws SQLException {
            if (begin == null) {
                begin = writeConnection.prepareStatement("BEGIN IMMEDIATE");
                commit = writeConnection.prepareStatement("COMMIT");
                insert = writeConnection.prepareStatement(DeliveryTable.INSERT_RETURNING);
                update = writeConnection.prepareStatement(DeliveryTable.UPDATE);
                seqOfId = writeConnection.prepareStatement(DeliveryTable.SEQ_OF_ID);
            }
        }

        /** After a failed batch: prepare afresh next time, in case a statement was left mid-step. */
        void close() {
            for (PreparedStatement st : new PreparedStatement[] {begin, commit, insert, update, seqOfId}) {
                if (st != null) {
                    try {
                        st.close();
                    } catch (SQLException ignored) {
                        // the connection is rolled back or closing anyway
                    }
                }
            }
            begin = commit = insert = update = seqOfId = null;
        }
    }

    private final Statements statements = new Statements();

    private void writeBatch(List<Op> batch) {
        StoredDelivery[] stored = new StoredDelivery[batch.size()];
        HooksException[] rejected = new HooksException[batch.size()];
        String lost = identity.lost();
        if (lost != null) {
            failAll(batch, new IOException(lost));
            return;
        }
        try {
            statements.open();
            statements.begin.execute();
            for (int i = 0; i < batch.size(); i++) {
                Op op = batch.get(i);
                try {
                    stored[i] = op.update()
                            ? updateRow(statements.update, statements.seqOfId, op.delivery(), op.encoded())
                            : insertRow(statements.insert, op.delivery(), op.encoded());
                } catch (HooksException e) {
                    rejected[i] = e;
                }
            }
            statements.commit.execute();
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException | Error e) {
            statements.close();
            try {
                DeliveryTable.execute(writeConnection, "ROLLBACK");
            } catch (SQLException ignored) {
                // No transaction left to roll back: SQLite already rolled it back, or BEGIN failed.
            }
            failAll(batch, e);
            return;
        }
        Committed done = new Committed(List.copyOf(batch), stored, rejected);
        if (syncer != null) {
            syncer.add(done);
        } else {
            rounds.accept(() -> complete(done)); // synchronous=FULL: the commit was synced
        }
    }

    /** A committed batch: each op's stored row, or why it was rejected. */
    private record Committed(List<Op> batch, StoredDelivery[] stored, HooksException[] rejected) {
    }

    /** Queued to the sync thread after the writer's last batch. */
    private static final Committed FINISH = new Committed(List.of(), new StoredDelivery[0], new HooksException[0]);

    /** Completes a durable batch in queue order and tells subscribers. */
    private void complete(Committed done) {
        List<Op> batch = done.batch();
        StoredDelivery[] stored = done.stored();
        HooksException[] rejected = done.rejected();
        // A caller's dependent stages run on this thread, so they must be short (see the class doc).
        List<StoredDelivery> committed = subscribers.isEmpty() ? null : new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (rejected[i] != null) {
                batch.get(i).future().completeExceptionally(rejected[i]);
            } else {
                if (committed != null) {
                    committed.add(stored[i]);
                }
                batch.get(i).future().complete(stored[i]);
            }
        }
        if (committed != null && !committed.isEmpty()) {
            try {
                notifier.execute(() -> notifySubscribers(committed));
            } catch (RejectedExecutionException closing) {
                // close() was called from a completion stage on this thread and has stopped the notifier.
            }
        }
    }

    /**
     * Inserts one row with one statement, which also marks it duplicate when a delivery with its provider and
     * event id is already stored (committed, or earlier in this transaction) and returns its seq. A constraint
     * failure (id already stored) rejects only this row: SQLite undoes just the failed statement.
     */
    private StoredDelivery insertRow(PreparedStatement insert, StoredDelivery d, DeliveryTable.Encoded encoded)
            throws SQLException {
        boolean ownId = d.id() == null;
        for (int attempt = 0; ; attempt++) {
            String id = ownId ? StoredDelivery.newId() : d.id();
            insert.setString(1, id);
            DeliveryTable.bindData(insert, 2, d, encoded);
            long seq;
            boolean duplicate;
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
                duplicate = rs.getInt(2) != 0;
            } catch (SQLException e) {
                if (!isConstraint(e)) {
                    throw e;
                }
                if (ownId && attempt < 3) {
                    continue; // 60 random bits collided: draw again
                }
                throw new HooksException(HooksException.INTERNAL,
                        "cannot save to history " + file + ": a delivery with id " + id + " is already stored", e);
            }
            return d.withSeqIdAndDuplicate(seq, id, duplicate);
        }
    }

    private StoredDelivery updateRow(PreparedStatement update, PreparedStatement seqOfId, StoredDelivery d,
                                     DeliveryTable.Encoded encoded) throws SQLException {
        DeliveryTable.bindData(update, 1, d, encoded);
        update.setString(DeliveryTable.DATA_COLUMN_COUNT + 1, d.id());
        if (update.executeUpdate() == 0) {
            throw new HooksException(HooksException.INTERNAL,
                    "cannot update history " + file + ": no delivery has id " + d.id());
        }
        seqOfId.setString(1, d.id());
        try (ResultSet rs = seqOfId.executeQuery()) {
            rs.next();
            return d.withSeqAndId(rs.getLong(1), d.id());
        }
    }

    /**
     * The sync thread of WAL mode: fsyncs the WAL once for every batch committed since its last fsync began, then
     * completes them in commit order. The WAL is synced through a descriptor of its own, opened once (and again
     * after an error): an fsync flushes the file, whichever descriptor wrote it, and the WAL stays the same file
     * while the store's connections hold the database open.
     */
    private final class Syncer {
        private final Path wal;
        private final BlockingQueue<Committed> committed = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final Thread thread;
        private FileChannel channel;
        /** True from taking a round's batches until they are completed; read by the writer. */
        volatile boolean busy;

        Syncer(Path file, String name) {
            this.wal = file.resolveSibling(file.getFileName() + "-wal");
            this.thread = new Thread(this::loop, "hooks-store-sync " + name);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        boolean isCurrentThread() {
            return Thread.currentThread() == thread;
        }

        /** Called by the writer; blocks only when the disk is a whole queue of batches behind. */
        void add(Committed batch) {
            boolean interrupted = false;
            while (true) {
                try {
                    committed.put(batch);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is committed: it must be completed, so keep trying
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Called by the writer once it has committed its last batch: waits until every batch is completed. */
        void finish() {
            add(FINISH); // not an interrupt: that would close the channel under an fsync
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            closeChannel();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void loop() {
            List<Committed> ready = new ArrayList<>();
            boolean finished = false;
            while (!finished) {
                // The writer adds FINISH after its last batch, so it is last here.
                finished = takeBatch(committed, ready, Integer.MAX_VALUE, FINISH);
                if (ready.isEmpty()) {
                    continue;
                }
                busy = true;
                Runnable hook = beforeSync;
                if (hook != null) {
                    hook.run();
                }
                IOException synced = sync();
                String lost = synced == null ? identity.lost() : null;
                IOException failure = lost == null ? synced : new IOException(lost);
                rounds.accept(() -> {
                    for (Committed c : ready) {
                        if (failure == null) {
                            complete(c);
                        } else {
                            failAll(c.batch(), failure);
                        }
                    }
                });
                busy = false;
                if (gathering) {
                    LockSupport.unpark(writer); // the round is over: commit what was gathered, for the next one
                }
            }
        }

        private IOException sync() {
            try {
                boolean fresh = channel == null;
                if (fresh) {
                    channel = FileChannel.open(wal, StandardOpenOption.READ);
                    identity.watch(wal);
                }
                channel.force(false);
                if (fresh) {
                    syncDirectory();
                }
                return null;
            } catch (IOException e) {
                closeChannel();
                return new IOException("cannot sync " + wal + ": " + e.getMessage(), e);
            }
        }

        /**
         * Makes the names of the WAL and the database file durable too: SQLite syncs the directory only when it
         * syncs a new WAL itself, which with {@code synchronous=NORMAL} it does not. Once per WAL file. Best
         * effort: some file systems cannot sync a directory, and then the file's own sync is all there is.
         */
        private void syncDirectory() {
            try (FileChannel dir = FileChannel.open(wal.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException notSupported) {
                // nothing more can be done here; the data itself is synced
            }
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was written through it
                }
                channel = null;
            }
        }
    }

    private void failAll(List<Op> batch, Throwable cause) {
        String why = cause instanceof SQLException e ? describe(e) : String.valueOf(cause.getMessage());
        for (Op op : batch) {
            op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                    "cannot save to history " + file + ": " + why, cause));
        }
    }

    private void notifySubscribers(List<StoredDelivery> committed) {
        for (StoredDelivery d : committed) {
            for (Consumer<StoredDelivery> s : subscribers) {
                try {
                    s.accept(d);
                } catch (RuntimeException ignored) {
                    // A broken listener must not stop the others; this package has nowhere to report it.
                }
            }
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private List<StoredDelivery> read(String sql, List<Object> args, int max) {
        return read(sql, args, max, DeliveryTable::read);
    }

    /** Reads one row under a result's cursor. */
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> read(String sql, List<Object> args, int max, RowReader<T> reader) {
        synchronized (readConnection) {
            try (PreparedStatement st = readConnection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    st.setObject(i + 1, args.get(i));
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (out.size() < max && rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw readFailed(e);
            }
        }
    }

    private HooksException readFailed(SQLException e) {
        return new HooksException(HooksException.INTERNAL, "cannot read history " + file + ": " + describe(e), e);
    }

    // ---- opening -------------------------------------------------------------------------------------------

    private static void createFile(Path path) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path parent = path.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) {
                    Files.createDirectories(parent,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(parent);
                }
            }
            if (Files.isDirectory(path)) {
                throw HooksException.input("cannot open history " + path + ": it is a directory");
            }
            if (posix && !Files.exists(path)) {
                try {
                    Files.createFile(path,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException raced) {
                    // Another process made it first; SQLite will open theirs.
                }
            }
        } catch (IOException e) {
            throw HooksException.input("cannot create history " + path + ": " + describe(e));
        }
    }

    /** What went wrong with a file, in words: no exception class names. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() == null ? f.getReason() : f.getReason() + " (" + f.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    static Connection connect(Path path) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
        try {
            DeliveryTable.execute(c, "PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            DeliveryTable.execute(c, "PRAGMA synchronous = FULL");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void ensureSchema(Connection c, Path path) throws SQLException {
        checkOwner(c, path);
        if (version(c, path) == DeliveryTable.SCHEMA_VERSION) {
            return;
        }
        DeliveryTable.execute(c, "BEGIN IMMEDIATE");
        try {
            checkOwner(c, path);
            int version = version(c, path); // again: another process may have created it meanwhile
            if (version == 0) {
                String tables = DeliveryTable.scalar(c, "SELECT count(*) FROM sqlite_schema");
                if (!"0".equals(tables)) {
                    throw HooksException.input("cannot open history " + path + ": it is an SQLite database "
                            + "of something else; pass --store with another file");
                }
                for (String sql : DeliveryTable.SCHEMA_V1) {
                    DeliveryTable.execute(c, sql);
                }
                DeliveryTable.execute(c, "PRAGMA application_id = " + DeliveryTable.APPLICATION_ID);
                DeliveryTable.execute(c, "PRAGMA user_version = " + DeliveryTable.SCHEMA_VERSION);
            }
            // Later versions migrate here, one step at a time: if (version == 1) { ...; user_version = 2 }.
            DeliveryTable.execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                DeliveryTable.execute(c, "ROLLBACK");
            } catch (SQLException ignored) {
                // Nothing to roll back.
            }
            throw e;
        }
    }

    /**
     * Refuses a damaged file at once, rather than at the first read or write of a damaged page: SQLite's quick check
     * of every page's structure (not of the indexes' content), about a second per GiB.
     */
    private static void checkIntegrity(Connection c, Path path) throws SQLException {
        String verdict = DeliveryTable.scalar(c, "PRAGMA quick_check(1)");
        if (!"ok".equalsIgnoreCase(verdict)) {
            throw HooksException.input("cannot open history " + path + ": the file is damaged (" + firstLine(verdict)
                    + "); move it away or pass --store with another file");
        }
    }

    private static String firstLine(String s) {
        String line = s == null ? "no verdict" : s.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    private static void checkOwner(Connection c, Path path) throws SQLException {
        long id = Long.parseLong(DeliveryTable.scalar(c, "PRAGMA application_id"));
        if (id != 0 && id != DeliveryTable.APPLICATION_ID) {
            throw HooksException.input("cannot open history " + path + ": it is an SQLite database of another "
                    + "application; pass --store with another file");
        }
    }

    private static int version(Connection c, Path path) throws SQLException {
        int version = Integer.parseInt(DeliveryTable.scalar(c, "PRAGMA user_version"));
        if (version > DeliveryTable.SCHEMA_VERSION) {
            throw HooksException.input("cannot open history " + path + ": it was written by a newer hooks "
                    + "(schema " + version + ", this one knows " + DeliveryTable.SCHEMA_VERSION + "); upgrade hooks "
                    + "or pass --store with another file");
        }
        return version;
    }

    // ---- small things --------------------------------------------------------------------------------------

    private static StoredDelivery await(CompletableFuture<StoredDelivery> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof HooksException h) {
                throw h;
            }
            throw e;
        }
    }

    private static boolean isConstraint(SQLException e) {
        return e.getErrorCode() == 19; // SQLITE_CONSTRAINT, whatever the extended code
    }

    /** SQLite's message without the JDBC driver's "[SQLITE_XXX] generic text" prefix noise. */
    static String describe(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf('(');
        return open >= 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing is best effort; every committed write is already on disk.
            }
        }
    }
}
