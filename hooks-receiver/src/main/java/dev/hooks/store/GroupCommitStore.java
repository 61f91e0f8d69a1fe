package dev.hooks.store;

import dev.hooks.HooksException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * What every backend of the history shares: the queue, the one writer thread and its group commit, duplicates marked
 * at write time, completion in commit order, subscribers, and the queries. A backend supplies its SQL dialect, one
 * write transaction at a time ({@link #begin}, {@link #insert}, {@link #replace}, {@link #commit}), a connection to
 * read with, and, when its commit is not yet durable, a {@link Durability} step that makes it so.
 *
 * <h2>Group commit</h2>
 * All writes go through one writer thread. It takes everything queued, writes it in one transaction and commits
 * once, so concurrent callers share one flush instead of paying one each. With a {@link Durability} step the flush is
 * taken off the writer: a sync thread makes each committed batch durable and only then completes its futures, while
 * the writer fills the next transaction; one flush covers every batch committed before it began. While the sync
 * thread is in a round, the writer gathers up to {@value #GATHER} rows and commits them together as soon as the round
 * ends. A commit that is written but not yet durable is visible to readers, never acknowledged; should the flush
 * fail, its futures fail although its rows are kept. The queue is bounded; when it stays full for 10 seconds, or when
 * a write fails, the future completes exceptionally with a {@link HooksException}. One row whose id is already stored
 * fails only its own future; any other error fails the whole batch and nothing of it is kept.
 *
 * <p>Futures are completed on the sync thread (on the writer thread without a durability step): dependent stages
 * added with the non-async methods run there and hold up the completion of every later batch, so keep them short.
 */
abstract class GroupCommitStore implements DeliveryStore {
    static final int QUEUE_CAPACITY = 1024;
    static final int MAX_BATCH = 512;
    /** How many rows the writer gathers while the sync thread is busy before it commits them anyway. */
    static final int GATHER = 16;
    /** The longest the writer gathers, should a round take that long (a slow disk): it then commits anyway. */
    static final long GATHER_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final int ENQUEUE_TIMEOUT_SECONDS = 10;

    /**
     * The SQL that differs between backends; the rest is {@link DeliveryTable}'s. {@code select} and
     * {@code selectSummary} are {@link DeliveryTable#select} and {@link DeliveryTable#selectSummary} in its terms.
     */
    record Dialect(String select, String selectSummary, String idEndsWith, String eventSeen) {
    }

    /** Makes committed batches durable, on the sync thread; see the class doc. */
    interface Durability {
        /** Makes every commit so far durable; an error when it could not (the batches' futures then fail). */
        IOException sync();

        /** After the last round. */
        void close();
    }

    /** What one insert gave back: the row's seq, its duplicate mark and the listener name it was saved with. */
    record Inserted(long seq, boolean duplicate, String listener) {
    }

    /** One queued write; the costly columns are encoded by the caller, so the single writer only binds them. */
    record Op(StoredDelivery delivery, DeliveryTable.Encoded encoded, boolean update,
              CompletableFuture<StoredDelivery> future) {
        Op(StoredDelivery delivery, boolean update) {
            this(delivery, DeliveryTable.Encoded.of(delivery), update, new CompletableFuture<>());
        }
    }

    private static final Op STOP = new Op(null, null, false, null);

    private final String location;
    private final Dialect dialect;
    private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private Thread writer;
    /** Takes committed batches from the writer, makes them durable, completes them; null without a durability step. */
    private Syncer syncer;
    private final ExecutorService notifier;
    private final List<Consumer<StoredDelivery>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    /** Set while the writer waits in {@link #gather}: whoever ends the wait unparks it. */
    private volatile boolean gathering;
    /** While gathering: how many queued rows make the writer commit without waiting for the round's end. */
    private volatile int gatherMore;
    /** {@link #GATHER_LIMIT_NANOS}; tests lengthen it to watch the writer gather. */
    volatile long gatherLimitNanos = GATHER_LIMIT_NANOS;
    /** Run by the sync thread at the start of each round, before its flush; tests hold a round open with it. */
    volatile Runnable beforeSync;
    /** What each round of completions runs inside; see {@link #completeRoundsWithin}. */
    private volatile Consumer<Runnable> rounds = Runnable::run;
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    GroupCommitStore(String location, Dialect dialect, String threadName) {
        this.location = location;
        this.dialect = dialect;
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hooks-store-events " + threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the writer (and the sync thread, given a durability step); the subclass calls it once it is ready. */
    final void start(Durability durability, String threadName) {
        this.syncer = durability == null ? null : new Syncer(durability, threadName);
        this.writer = new Thread(this::writeLoop, "hooks-store-writer " + threadName);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    // ---- what a backend supplies -----------------------------------------------------------------------------

    /** Why the history cannot be written any more (its file was replaced), or null. Writer thread. */
    String lost() {
        return null;
    }

    /** Starts a write transaction. Writer thread. */
    abstract void begin() throws SQLException;

    /** Inserts a row with this id, marking it duplicate as the class doc says; null when the id is already stored. */
    abstract Inserted insert(String id, StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException;

    /** Replaces the data of the row with {@code d.id()}; its seq, or null when there is none. */
    abstract Long replace(StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException;

    /** Commits the transaction begun; {@code written} are the rows written in it. */
    abstract void commit(List<StoredDelivery> written) throws SQLException;

    /** After a failed batch: rolls back what is left and forgets prepared statements. */
    abstract void abandon();

    /** After the writer's last batch is completed. Writer thread. */
    abstract void writerFinished();

    /** Runs {@code work} on a connection to read with. */
    abstract <T> T reading(SqlWork<T> work) throws SQLException;

    /** Releases what is left once the writer has stopped and subscribers have been told. */
    abstract void closeResources();

    /** A driver's error in words fit for a user: no class names, no password. */
    abstract String describe(SQLException e);

    /** Whether {@link #subscribe subscribers} are told by {@link #complete} (false: the backend tells them). */
    boolean notifiesOnCommit() {
        return true;
    }

    /** After a listener has subscribed: a backend that hears about commits from elsewhere starts listening. */
    void subscribed() {
    }

    /** Work on a connection. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    // ---- the store -------------------------------------------------------------------------------------------

    @Override
    public final String location() {
        return location;
    }

    @Override
    public Optional<java.nio.file.Path> file() {
        return Optional.empty();
    }

    @Override
    public final CompletableFuture<StoredDelivery> append(StoredDelivery d) {
        return enqueue(new Op(Objects.requireNonNull(d, "delivery"), false));
    }

    @Override
    public final StoredDelivery save(StoredDelivery d) {
        return await(append(d));
    }

    @Override
    public final CompletableFuture<StoredDelivery> update(StoredDelivery d) {
        Objects.requireNonNull(d, "delivery");
        if (d.id() == null) {
            throw new IllegalArgumentException("update: the delivery has no id");
        }
        return enqueue(new Op(d, true));
    }

    @Override
    public final List<StoredDelivery> list(Query q) {
        List<Object> args = new ArrayList<>();
        return read(where(dialect.select(), q, args), args, Integer.MAX_VALUE);
    }

    @Override
    public final List<DeliverySummary> listSummaries(Query q) {
        List<Object> args = new ArrayList<>();
        return read(where(dialect.selectSummary(), q, args), args, Integer.MAX_VALUE,
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

    @Override
    public final Optional<StoredDelivery> find(String idOrSeq) {
        String key = idOrSeq == null ? "" : idOrSeq.strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (key.length() <= 18 && key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            List<StoredDelivery> bySeq = read(dialect.select() + " WHERE seq = ?", List.of(Long.parseLong(key)), 1);
            if (!bySeq.isEmpty()) {
                return Optional.of(bySeq.get(0));
            }
        }
        List<StoredDelivery> exact = read(dialect.select() + " WHERE id = ?", List.of(key), 1);
        if (!exact.isEmpty()) {
            return Optional.of(exact.get(0));
        }
        // Ids are printable ASCII (below 0x7f), so every id that starts with key sorts below key + "\u007f".
        List<StoredDelivery> byPrefix = read(dialect.select() + " WHERE id > ? AND id < ? ORDER BY id LIMIT 2",
                List.of(key, key + "\u007f"), 2);
        if (!byPrefix.isEmpty()) {
            return only(byPrefix, key, "start");
        }
        // An id starts with the time it was made and ends at random (StoredDelivery.newId), so its last few
        // characters name it as well as its start does. The inner query reads only ids: the id index is scanned.
        List<StoredDelivery> bySuffix = read(dialect.select() + " WHERE id IN (SELECT id FROM deliveries "
                + "WHERE " + dialect.idEndsWith() + " LIMIT 2) ORDER BY id", List.of(key.length(), key), 2);
        return bySuffix.isEmpty() ? Optional.empty() : only(bySuffix, key, "end");
    }

    @Override
    public final List<StoredDelivery> findByEventId(String eventId, int max) {
        return read(dialect.select() + " WHERE event_id = ? ORDER BY seq DESC LIMIT ?", List.of(eventId, max), max);
    }

    /** The one delivery of {@code found}, which {@code key} names by the {@code part} of its id. */
    private static Optional<StoredDelivery> only(List<StoredDelivery> found, String key, String part) {
        if (found.size() > 1) {
            throw HooksException.input("'" + key + "' is the " + part + " of more than one delivery id ("
                    + found.get(0).id() + ", " + found.get(1).id() + ", ...): give more of the id");
        }
        return Optional.of(found.get(0));
    }

    @Override
    public final boolean seenEventId(String provider, String eventId) {
        if (eventId == null) {
            return false;
        }
        List<Object> args = new ArrayList<>();
        args.add(provider);
        args.add(eventId);
        return !read(dialect.eventSeen(), args, 1, rs -> Boolean.TRUE).isEmpty();
    }

    @Override
    public final long count() {
        return read("SELECT count(*) FROM deliveries", List.of(), 1, rs -> rs.getLong(1)).get(0);
    }

    @Override
    public final long commitCount() {
        return commits.get();
    }

    @Override
    public final Subscription subscribe(Consumer<StoredDelivery> listener) {
        Objects.requireNonNull(listener, "listener");
        subscribers.add(listener);
        subscribed();
        return () -> unsubscribe(listener);
    }

    @Override
    public final void completeRoundsWithin(Consumer<Runnable> scope) {
        rounds = scope == null ? Runnable::run : scope;
    }

    @Override
    public final void unsubscribe(Consumer<StoredDelivery> listener) {
        subscribers.remove(listener);
    }

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
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
        closeResources();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    private CompletableFuture<StoredDelivery> enqueue(Op op) {
        closeLock.readLock().lock();
        try {
            if (closed) {
                op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                        "cannot save to history " + location + ": the store is closed"));
            } else if (queue.offer(op, ENQUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (gathering && queue.size() >= gatherMore) {
                    LockSupport.unpark(writer);
                }
            } else {
                op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                        "cannot save to history " + location + ": " + QUEUE_CAPACITY + " deliveries are waiting for "
                                + "the " + (file().isPresent() ? "disk" : "database")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                    "cannot save to history " + location + ": interrupted while waiting for room in the queue", e));
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
        if (syncer != null) {
            syncer.finish(); // completes everything committed, then returns
        }
        writerFinished();
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

    /** Counts a commit; backends that fold their log on their own thread watch the count. */
    long commitsSoFar() {
        return commits.get();
    }

    private void writeBatch(List<Op> batch) {
        StoredDelivery[] stored = new StoredDelivery[batch.size()];
        HooksException[] rejected = new HooksException[batch.size()];
        String lost = lost();
        if (lost != null) {
            failAll(batch, new IOException(lost));
            return;
        }
        try {
            begin();
            List<StoredDelivery> written = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Op op = batch.get(i);
                try {
                    stored[i] = op.update() ? updateRow(op.delivery(), op.encoded())
                            : insertRow(op.delivery(), op.encoded());
                    written.add(stored[i]);
                } catch (HooksException e) {
                    rejected[i] = e;
                }
            }
            commit(written);
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException | Error e) {
            abandon();
            failAll(batch, e);
            return;
        }
        Committed done = new Committed(List.copyOf(batch), stored, rejected);
        if (syncer != null) {
            syncer.add(done);
        } else {
            rounds.accept(() -> complete(done)); // the commit itself was durable
        }
    }

    /**
     * Inserts one row, which is marked duplicate when a delivery with its provider and event id is already stored
     * (committed, or earlier in this transaction). An id already stored rejects only this row.
     */
    private StoredDelivery insertRow(StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        boolean ownId = d.id() == null;
        for (int attempt = 0; ; attempt++) {
            String id = ownId ? StoredDelivery.newId() : d.id();
            Inserted row = insert(id, d, encoded);
            if (row != null) {
                return d.withSeqIdDuplicateAndListener(row.seq(), id, row.duplicate(), row.listener());
            }
            if (ownId && attempt < 3) {
                continue; // 60 random bits collided: draw again
            }
            throw new HooksException(HooksException.INTERNAL,
                    "cannot save to history " + location + ": a delivery with id " + id + " is already stored");
        }
    }

    private StoredDelivery updateRow(StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        Long seq = replace(d, encoded);
        if (seq == null) {
            throw new HooksException(HooksException.INTERNAL,
                    "cannot update history " + location + ": no delivery has id " + d.id());
        }
        return d.withSeqAndId(seq, d.id());
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
        List<StoredDelivery> committed = subscribers.isEmpty() || !notifiesOnCommit() ? null
                : new ArrayList<>(batch.size());
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
            notifyLater(committed);
        }
    }

    /** Tells subscribers about {@code committed} on the notifier thread. */
    final void notifyLater(List<StoredDelivery> committed) {
        try {
            notifier.execute(() -> notifySubscribers(committed));
        } catch (RejectedExecutionException closing) {
            // close() was called from a completion stage on this thread and has stopped the notifier.
        }
    }

    /**
     * The sync thread: makes every batch committed since its last flush began durable, then completes them in
     * commit order.
     */
    private final class Syncer {
        private final Durability durability;
        private final BlockingQueue<Committed> committed = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final Thread thread;
        /** True from taking a round's batches until they are completed; read by the writer. */
        volatile boolean busy;

        Syncer(Durability durability, String name) {
            this.durability = durability;
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
            add(FINISH); // not an interrupt: that would close a channel under a flush
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            durability.close();
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
                IOException failure = durability.sync();
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
    }

    private void failAll(List<Op> batch, Throwable cause) {
        String why = cause instanceof SQLException e ? describe(e) : String.valueOf(cause.getMessage());
        for (Op op : batch) {
            op.future().completeExceptionally(new HooksException(HooksException.INTERNAL,
                    "cannot save to history " + location + ": " + why, cause));
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

    // ---- reading ---------------------------------------------------------------------------------------------

    private List<StoredDelivery> read(String sql, List<Object> args, int max) {
        return read(sql, args, max, DeliveryTable::read);
    }

    /** Reads one row under a result's cursor. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    final <T> List<T> read(String sql, List<Object> args, int max, RowReader<T> reader) {
        try {
            return reading(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
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
                }
            });
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    final HooksException readFailed(SQLException e) {
        return new HooksException(HooksException.INTERNAL, "cannot read history " + location + ": " + describe(e), e);
    }

    // ---- small things ----------------------------------------------------------------------------------------

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

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing is best effort; every committed write is already kept.
            }
        }
    }
}
