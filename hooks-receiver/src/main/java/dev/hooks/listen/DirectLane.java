package dev.hooks.listen;

import dev.hooks.store.StoredDelivery.Header;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The listener's first handler, in front of Javalin's servlet handler. It reads every request's body as it arrives,
 * on Jetty's own API and without holding a thread (a body that takes longer than {@code --idle-timeout} is cut by
 * {@link RequestDeadline}: 408), so that slow or stalled clients, on any path, hold no thread that serves anyone
 * else.
 *
 * <p>A plain delivery (a POST to a webhook path with a declared length within {@code --max-body}, nothing that makes
 * the listener wait, such as forwarding) is then handled right here, like any other request, and answered when the
 * store has committed it. Since nothing on this lane blocks, Jetty runs it on the thread that read the request
 * instead of handing every request to another thread. Every other request goes on to the servlet path, on a pool
 * thread, with its body already read: the control plane's first, after its {@link ControlPlane gate}.
 */
final class DirectLane extends Handler.Wrapper {
    /** What the listener tells the lane. */
    interface Gate {
        /**
         * Whether a request takes this lane, from what is known before its body: method, path, declared length.
         * A request it takes is under way from then on (stopping waits for it).
         */
        boolean direct(String method, String path, long length);

        /** Handles a request the lane took, once its body has been read (or has failed to arrive). */
        void handle(Wire wire);
    }

    /** The first buffer for a body; a larger declared length grows it as the bytes come, not before. */
    private static final int FIRST_BUFFER = 16 * 1024;

    private final Gate gate;
    private final ControlPlane controlPlane;
    private final Executor executor;
    /** How much of a body the servlet path gets already read; the rest, if any, it reads itself. */
    private final long servletBody;

    /**
     * @param controlPlane the gate of the inspector's paths, or null when there is no inspector
     * @param maxBody      the largest body a webhook path accepts: the servlet path gets one byte more read for it
     */
    DirectLane(Gate gate, ControlPlane controlPlane, Executor executor, long maxBody) {
        this.gate = gate;
        this.controlPlane = controlPlane;
        this.executor = executor;
        this.servletBody = Math.min(Integer.MAX_VALUE - 64 * 1024, Math.max(maxBody, 64 * 1024) + 1);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long length = request.getLength();
        if (length >= 0 && length < Integer.MAX_VALUE - 8
                && gate.direct(request.getMethod(), request.getHttpURI().getPath(), length)) {
            new Incoming(request, response, callback, true).run();
            return true;
        }
        if (controlPlane != null && (ControlPlane.owns(request.getHttpURI().getPath())
                || ControlPlane.owns(request.getHttpURI().getCanonicalPath()))) {
            String refusal = controlPlane.refusal(request);
            if (refusal != null) {
                refuse(response, callback, refusal);
                return true;
            }
            HttpCookie cookie = controlPlane.cookieFor(request);
            if (cookie != null) {
                Response.addCookie(response, cookie);
            }
        }
        if (length > servletBody) {
            servlet(request, response, callback); // refused for its size before its body is read
        } else {
            new Incoming(request, response, callback, false).run();
        }
        return true;
    }

    /** Hands a request to the servlet path on a pool thread. */
    private void servlet(Request request, Response response, Callback callback) {
        Handler next = getHandler();
        try {
            executor.execute(() -> {
                try {
                    if (next == null || !next.handle(request, response, callback)) {
                        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    }
                } catch (Throwable t) {
                    Response.writeError(request, response, callback, t);
                }
            });
        } catch (RejectedExecutionException stopping) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the listener is stopping");
        }
    }

    /** 403 with the reason on one line; the connection stays open for the next request. */
    private static void refuse(Response response, Callback callback, String reason) {
        response.setStatus(HttpStatus.FORBIDDEN_403);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, Exchange.TEXT);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * One request while its body arrives: gathered chunk by chunk as Jetty reads it, never waiting on a thread. Then a
     * plain delivery is the listener's {@link Wire} (the direct lane), and any other request goes on to the servlet
     * path with what was read.
     */
    private final class Incoming extends JettyWire implements Invocable.Task {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final boolean direct;
        /** The declared length, or -1 (chunked). */
        private final long length;
        private byte[] buf;
        private int size;
        private Throwable failure;
        /** Whether more of the body is still to come when gathering stopped (the servlet path reads it itself). */
        private boolean more;
        private boolean responded;

        Incoming(Request request, Response response, Callback callback, boolean direct) {
            super(request);
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.direct = direct;
            this.length = request.getLength();
            this.buf = length > 0 ? new byte[(int) Math.min(length, FIRST_BUFFER)] : Exchange.NO_BYTES;
        }

        /** Reads what has arrived; asks to be called again when more comes; hands over at the end. */
        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failure = chunk.getFailure(); // stalled, or too slow (see RequestDeadline): answered 408
                    break;
                }
                ByteBuffer b = chunk.getByteBuffer();
                // Jetty ends a body at its declared length; a chunked one is kept until servletBody, the rest left.
                int n = length >= 0 ? (int) Math.min(b.remaining(), length - size) : b.remaining();
                if (size + n > buf.length) {
                    int grown = Math.max(size + n, Math.max(buf.length * 2, 1024));
                    buf = Arrays.copyOf(buf, length >= 0 ? (int) Math.min(length, grown) : grown);
                }
                b.get(buf, size, n);
                size += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    break;
                }
                if (!direct && size >= servletBody) {
                    more = true;
                    break;
                }
            }
            handOver();
        }

        private void handOver() {
            if (!direct) {
                servlet(new Read(request, Arrays.copyOf(buf, size), failure, more), response, callback);
                return;
            }
            try {
                gate.handle(this);
            } catch (RuntimeException | Error e) {
                if (!responded) {
                    callback.failed(e);
                }
                throw e;
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /** The body read before the listener was called: within {@code max}, since the lane takes no longer one. */
        @Override
        public Body readBody(long max) {
            byte[] bytes = size == buf.length ? buf : Arrays.copyOf(buf, size);
            return new Body(bytes, false, failure);
        }

        @Override
        public void respond(int status, List<Header> headers, boolean close, String contentType, byte[] body) {
            responded = true;
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            for (Header header : headers) {
                h.put(header.name(), header.value());
            }
            if (close) {
                h.put(HttpHeader.CONNECTION, "close");
            }
            if (contentType != null) {
                h.put(HttpHeader.CONTENT_TYPE, contentType);
            }
            h.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        @Override
        public void answerLater(CompletableFuture<Void> done) {
            done.whenComplete((v, e) -> {
                if (!responded) {
                    callback.failed(e != null ? e : new IllegalStateException("no answer"));
                }
            });
        }
    }

    /**
     * A request whose body was read already (all of it, or the first part when {@code more}): reading it gives those
     * bytes, then the end, the failure that stopped it, or the rest from the connection.
     */
    private static final class Read extends Request.Wrapper {
        private Content.Chunk first;
        private final Content.Chunk end;

        Read(Request request, byte[] body, Throwable failure, boolean more) {
            super(request);
            this.end = failure != null ? Content.Chunk.from(failure, true) : more ? null : Content.Chunk.EOF;
            this.first = body.length > 0 ? Content.Chunk.from(ByteBuffer.wrap(body), end == Content.Chunk.EOF) : null;
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk c = first;
            if (c != null) {
                first = null;
                return c;
            }
            return end != null ? end : super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            boolean ready;
            synchronized (this) {
                ready = first != null || end != null;
            }
            if (ready) {
                demandCallback.run();
            } else {
                super.demand(demandCallback);
            }
        }
    }
}
