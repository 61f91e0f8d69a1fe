package dev.hooks.listen;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request line and headers take longer than {@code --idle-timeout} to arrive, however
 * slowly they trickle in. Jetty's idle timeout alone restarts with every byte, so a client sending a header line
 * every few seconds would keep its connection forever. Reading headers holds no thread in Jetty; this bounds the
 * connections and memory such clients hold too. Bodies are bounded by the {@link DirectLane}.
 *
 * <p>Looks at the open connections once per {@code check} (a second at most): work per connection, none per request.
 */
final class HeaderDeadline implements Connection.Listener {
    /** When a connection was first seen waiting for the headers of its {@code messages}-th request. */
    private static final class Watch {
        long messages = -1;
        long since;
    }

    private final Map<HttpConnection, Watch> open = new ConcurrentHashMap<>();
    private final long limitNanos;
    private final long checkMillis;
    private volatile Scheduler scheduler;

    HeaderDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
        this.checkMillis = Math.max(50, Math.min(1000, limit.toMillis() / 4));
    }

    /** Starts looking, on {@code scheduler}, until {@link #stop}. */
    void start(Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.schedule(this::check, checkMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler = null;
        open.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection c) {
            open.put(c, new Watch());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void check() {
        Scheduler s = scheduler;
        if (s == null) {
            return;
        }
        long now = System.nanoTime();
        open.forEach((c, w) -> {
            long messages = c.getMessagesIn();
            if (!c.getParser().inHeaderState() || messages != w.messages) {
                // Handling a request or reading its body (bounded elsewhere), or a new request has begun.
                w.messages = c.getParser().inHeaderState() ? messages : -1;
                w.since = now;
            } else if (now - w.since > limitNanos) {
                open.remove(c);
                c.getEndPoint().close();
            }
        });
        s.schedule(this::check, checkMillis, TimeUnit.MILLISECONDS);
    }
}
