package dev.hooks.listen;

import dev.hooks.Hooks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed Paismo deliveries sent one after another to a running listener from a thread of its own, each with the event
 * id {@code evt_<n>} (n counting from 0) and a padded body, until {@link #close}; as fast as they are answered, or at
 * a steady pace. One at a time, so the listener records
 * them in the order of n. Keeps when each was sent and answered, and the answer's status.
 */
final class DeliveryStream implements AutoCloseable {
    static final String SECRET = "s3cret";
    /** Bytes of padding per body, so that a row takes about half a page. */
    static final int PAD = 1500;

    /** One delivery: when it was sent, when answered (null while under way), the status. */
    record Sent(int n, Instant sentAt, Instant answeredAt, int status) {
        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final ListenRun listen;
    private final String prefix;
    private final List<Sent> sent = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    /** Deliveries a second at most; 0 for as fast as they are answered. */
    private final int perSecond;

    /** As fast as the listener answers. */
    DeliveryStream(ListenRun listen) {
        this(listen, 0);
    }

    /** At most {@code perSecond} deliveries a second (0: as fast as the listener answers). */
    DeliveryStream(ListenRun listen, int perSecond) {
        this.listen = listen;
        this.prefix = "evt_";
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "delivery-stream");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static byte[] body(String eventId) {
        return ("{\"event_type\":\"employee.updated\",\"event_id\":\"" + eventId + "\",\"data\":{\"pad\":\""
                + "x".repeat(PAD) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one signed delivery with this event id and returns the answer. */
    static HttpResponse<String> send(ListenRun listen, String eventId) {
        byte[] body = body(eventId);
        Map<String, String> headers = new HashMap<>(Hooks.sign("paismo", SECRET, body));
        headers.put("Content-Type", "application/json");
        return listen.post("/webhook", body, headers);
    }

    private void run() {
        try {
            long start = System.nanoTime();
            for (int n = 0; !stopping; n++) {
                if (perSecond > 0) {
                    long due = start + n * 1_000_000_000L / perSecond;
                    long early = due - System.nanoTime();
                    if (early > 0) {
                        ListenRun.sleep(early / 1_000_000);
                    }
                }
                Instant at = Instant.now();
                synchronized (sent) {
                    sent.add(new Sent(n, at, null, 0));
                }
                int status = send(listen, prefix + n).statusCode();
                Instant answered = Instant.now();
                synchronized (sent) {
                    sent.set(n, new Sent(n, at, answered, status));
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** What was sent so far, in order (the last one may still be under way). */
    List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The number in an event id of this stream, or -1 for another's. */
    int number(String eventId) {
        if (eventId == null || !eventId.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(eventId.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Waits until at least {@code n} were answered. */
    void awaitAnswered(int n, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered() < n) {
            if (failure != null) {
                throw new AssertionError("the stream failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + answered() + " of " + n + " deliveries answered in " + timeout);
            }
            ListenRun.sleep(20);
        }
    }

    long answered() {
        return sent().stream().filter(s -> s.answeredAt() != null).count();
    }

    /** Stops after the delivery under way; fails when a send failed. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new AssertionError("the stream failed", failure);
        }
    }
}
