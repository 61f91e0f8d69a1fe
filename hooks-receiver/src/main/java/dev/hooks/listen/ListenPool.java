package dev.hooks.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The listener's Jetty thread pool, which also saves a thread wake-up per delivery answered by the store.
 *
 * <p>When an answer is written by another thread than the one that read its request (the store's sync thread, once
 * the delivery is committed), Jetty hands the connection to the pool to read its next request: a pool thread woken,
 * and put back to sleep, per delivery. The store's sync thread runs each round of its completions in
 * {@link #holding}, which holds those connections back and hands them all to one pool thread once every answer of
 * the round is written: one wake-up per round, and by then most clients have sent their next request. That thread
 * reads them one after another, which never blocks for long: the direct lane takes what it can without waiting and
 * passes the rest on to other pool threads.
 */
final class ListenPool extends QueuedThreadPool {
    /** The connections handed back during the current round of this thread; null outside a round. */
    private final ThreadLocal<List<Runnable>> held = new ThreadLocal<>();

    ListenPool(int maxThreads, int minThreads, int idleTimeoutMillis) {
        super(maxThreads, minThreads, idleTimeoutMillis);
    }

    @Override
    public void execute(Runnable job) {
        List<Runnable> round = held.get();
        if (round != null && job instanceof HttpConnection) {
            round.add(job);
        } else {
            super.execute(job);
        }
    }

    /** Runs {@code round}, then hands the connections it gave back to the pool to one pool thread. */
    void holding(Runnable round) {
        List<Runnable> connections = new ArrayList<>();
        held.set(connections);
        try {
            round.run();
        } finally {
            held.remove();
        }
        if (connections.isEmpty()) {
            return;
        }
        Runnable readAll = () -> {
            for (Runnable connection : connections) {
                try {
                    connection.run();
                } catch (RuntimeException | Error e) {
                    // What a pool thread would do: Jetty has already failed and closed that connection.
                }
            }
        };
        try {
            super.execute(readAll);
        } catch (RejectedExecutionException stopping) {
            readAll.run(); // as Jetty does when the pool is stopping: each connection then releases its buffers
        }
    }
}
