package dev.hooks.tunnel;

import dev.hooks.HooksException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * What every tunnel does the same: open once (a failure is the caller's), then watch the connection and, when it
 * drops, make it again with backoff (1 s, 2 s, 4 s ... up to 30 s between tries), reporting down and up as events.
 */
abstract class ReconnectingTunnel implements Tunnel {
    private static final Duration[] BACKOFF = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30)};

    /** One live connection: its public URL, a future completed with the reason it dropped, and how to close it. */
    record Connection(String url, CompletableFuture<String> dropped, Runnable close) {}

    private final Consumer<TunnelEvent> events;
    private final Object lock = new Object();
    private volatile Connection current;
    private volatile String url;
    private volatile boolean closed;
    private Thread watcher;

    ReconnectingTunnel(Consumer<TunnelEvent> events) {
        this.events = events;
    }

    /**
     * Makes one connection, waiting until it carries traffic.
     *
     * @throws HooksException exit 3 with the reason when it cannot
     */
    abstract Connection connect();

    @Override
    public final String open() {
        Connection c = connect();
        synchronized (lock) {
            current = c;
            url = c.url();
            watcher = new Thread(this::watch, "hooks-tunnel");
            watcher.setDaemon(true);
            watcher.start();
        }
        return url;
    }

    @Override
    public final String publicUrl() {
        return url;
    }

    /** Called by a connection when its server names a (new) public URL after it opened. */
    final void announced(String newUrl) {
        if (newUrl != null && !newUrl.equals(url) && !closed) {
            url = newUrl;
            emit(new TunnelEvent.Up(newUrl));
        }
    }

    final void emit(TunnelEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ignored) {
            // a broken renderer must not stop the tunnel
        }
    }

    final boolean closed() {
        return closed;
    }

    private void watch() {
        while (!closed) {
            String reason;
            try {
                reason = current.dropped().get();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                reason = String.valueOf(e.getCause().getMessage());
            }
            for (int attempt = 0; !closed; attempt++) {
                Duration wait = BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
                emit(new TunnelEvent.Down(reason, wait));
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Connection c = connect();
                    synchronized (lock) {
                        if (closed) {
                            c.close().run();
                            return;
                        }
                        current = c;
                        url = c.url();
                    }
                    emit(new TunnelEvent.Up(c.url()));
                    break;
                } catch (RuntimeException e) {
                    reason = e.getMessage();
                }
            }
        }
    }

    /** Called once the tunnel is closed and no longer made again: release what lasts across connections. */
    void stopped() {
    }

    @Override
    public final void close() {
        Thread w;
        Connection c;
        synchronized (lock) {
            closed = true;
            w = watcher;
            c = current;
        }
        if (w != null) {
            w.interrupt();
        }
        if (c != null) {
            c.close().run();
        }
        if (w != null) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopped();
    }
}
