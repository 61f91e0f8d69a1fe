package dev.hooks.listen;

import dev.hooks.store.StoredDelivery.Header;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * The listener's first handler, in front of Javalin's servlet handler. A plain delivery (a POST to a webhook path
 * with a declared length within {@code --max-body}, nothing that makes the listener wait, such as forwarding) is
 * taken here on Jetty's own API: the body is read as it arrives without holding a thread, then the listener
 * handles it like any other request and the answer is written when the store has committed it. Since nothing on
 * this lane blocks, Jetty runs it on the thread that read the request instead of handing every request to another
 * thread. Every other request goes on to the servlet path, on a pool thread, where reads may block.
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
    private final Executor executor;

    DirectLane(Gate gate, Executor executor) {
        this.gate = gate;
        this.executor = executor;
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
            new Direct(request, response, callback).run();
            return true;
        }
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
        return true;
    }

    /** One request on the lane: gathers its body chunk by chunk, then is the listener's {@link Wire}. */
    private final class Direct extends JettyWire implements Invocable.Task {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final int length;
        private byte[] buf;
        private int size;
        private Throwable failure;
        private boolean responded;

        Direct(Request request, Response response, Callback callback) {
            super(request);
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.length = (int) request.getLength();
            this.buf = new byte[Math.min(length, FIRST_BUFFER)];
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
                    failure = chunk.getFailure();
                    break;
                }
                ByteBuffer b = chunk.getByteBuffer();
                int n = Math.min(b.remaining(), length - size); // Jetty ends the body at the declared length
                if (size + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(length, Math.max(size + n, buf.length * 2)));
                }
                b.get(buf, size, n);
                size += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    break;
                }
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
}
