package dev.hooks.listen;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Cuts a request whose headers, or whose body, take longer than {@code --idle-timeout} to arrive, however slowly they
 * trickle in: Jetty's idle timeout alone restarts with every byte, so a client sending a byte every few seconds would
 * keep its request open forever. Each is treated as Jetty treats an idle timeout: headers that take too long close
 * the connection; a body that does fails the read under way, so its request is answered 408 like a stalled one.
 *
 * <p>Looks at the open connections a few times per limit (once a second at most): work per connection, none per
 * request, so the direct lane stays as lean as it was.
 */
final class RequestDeadline implements Connection.Listener {
    private static final int IDLE = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;

    /** Since when a connection has been in the same phase of the same request. */
    private static final class Watch {
        long messages = -1;
        int phase = IDLE;
        long since;
    }

    private final Map<HttpConnection, Watch> open = new ConcurrentHashMap<>();
    private final long limitNanos;
    private final long checkMillis;
    private volatile Scheduler scheduler;

    RequestDeadline(Duration limit) {
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
            HttpParser parser = c.getParser();
            // Waiting for a request line counts as headers: a client may trickle empty lines before it.
            int phase = parser.inHeaderState() ? HEADERS : parser.inContentState() ? BODY : IDLE;
            long messages = c.getMessagesIn();
            if (phase == IDLE || phase != w.phase || messages != w.messages) {
                w.phase = phase;
                w.messages = messages;
                w.since = now;
            } else if (now - w.since > limitNanos) {
                w.since = now;
                // What Jetty's idle timeout does, now: a request under way has its pending read failed with the
                // timeout (answered 408); a connection still in its headers is closed.
                if (c.onIdleExpired(new TimeoutException("request not received within the idle timeout"))) {
                    open.remove(c);
                    c.getEndPoint().close();
                }
            }
        });
        s.schedule(this::check, checkMillis, TimeUnit.MILLISECONDS);
    }
}
