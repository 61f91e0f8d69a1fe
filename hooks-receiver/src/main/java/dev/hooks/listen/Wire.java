package dev.hooks.listen;

import dev.hooks.store.StoredDelivery.Header;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpFields;

/**
 * The HTTP side of one request, as {@link Listener} sees it: what was asked, the body, and a way to answer. Two
 * kinds carry requests: the servlet path through Javalin ({@link ServletWire}), which may block its thread, and
 * the direct lane ({@link DirectLane}), which takes plain POSTs to a webhook path on Jetty's own API and never
 * blocks. Everything the listener decides is the same for both.
 */
interface Wire {

    /** When the request reached the listener (System.nanoTime): its latency counts from here. */
    long arrived();

    String method();

    /** The path as sent (still percent-encoded). */
    String path();

    /** The query as sent, or null. */
    String query();

    /** The full URL the client asked for, with the query: what URL-signing schemes sign. */
    String fullUrl();

    HttpFields fields();

    /** The name of the connector the request came in on ({@link Listener#TUNNEL_CONNECTOR} through a tunnel), or "". */
    String connector();

    /** The declared Content-Length, or -1. */
    long contentLength();

    String header(String name);

    /** Reads the whole body, keeping at most {@code max} bytes. */
    Body readBody(long max);

    /** Writes the answer; called once. */
    void respond(int status, List<Header> headers, boolean close, String contentType, byte[] body);

    /** Answers later: {@code done} completes once {@link #respond} has been called (or the answer failed). */
    void answerLater(CompletableFuture<Void> done);

    /**
     * A body as read: the bytes kept, whether more than the limit came (then {@code bytes} holds the first
     * {@code max}), and why reading stopped early, if it did.
     */
    record Body(byte[] bytes, boolean tooLarge, Throwable failure) {
    }
}
