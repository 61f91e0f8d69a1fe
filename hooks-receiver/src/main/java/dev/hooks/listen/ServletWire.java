package dev.hooks.listen;

import dev.hooks.store.StoredDelivery.Header;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** A request on the servlet path (Javalin): reads block this thread, answers go through the servlet response. */
final class ServletWire extends JettyWire {
    private final Context ctx;

    ServletWire(Context ctx) {
        super(ServletContextRequest.getServletContextRequest(ctx.req()));
        this.ctx = ctx;
    }

    @Override
    public Body readBody(long max) {
        long declared = contentLength();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) declared : 1024);
        try {
            InputStream in = ctx.req().getInputStream();
            // A declared length sizes the one read it takes (one more byte sees the end); else read in 8 KiB chunks.
            byte[] chunk = new byte[declared >= 0 && declared < 8192 ? (int) declared + 1 : 8192];
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    return new Body(buf.toByteArray(), false, null);
                }
                if (buf.size() + n > max) {
                    buf.write(chunk, 0, (int) (max - buf.size()));
                    return new Body(buf.toByteArray(), true, null);
                }
                buf.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            return new Body(buf.toByteArray(), false, e);
        }
    }

    @Override
    public void respond(int status, List<Header> headers, boolean close, String contentType, byte[] body) {
        ctx.status(status);
        for (Header h : headers) {
            ctx.header(h.name(), h.value());
        }
        if (close) {
            ctx.header("Connection", "close");
        }
        if (contentType != null) {
            ctx.contentType(contentType);
        }
        // Written straight to the response: a result stream would be copied through another 8 KiB buffer.
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // The client has gone; the delivery is recorded all the same.
        }
    }

    @Override
    public void answerLater(CompletableFuture<Void> done) {
        ctx.future(() -> done);
    }
}
