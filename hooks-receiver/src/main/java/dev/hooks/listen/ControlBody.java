package dev.hooks.listen;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the body of a request to the control plane (the inspector's API) with a cap: a declared length above it is
 * refused before anything is read, and a chunked body is read only up to it, so no client can make the listener
 * buffer more than {@link #MAX} bytes.
 */
final class ControlBody {
    /** The largest body the control plane reads: an edited delivery body, JSON-escaped, well above --max-body. */
    static final int MAX = 8 * 1024 * 1024;

    private ControlBody() {}

    /** The body, or null when it is larger than {@code max} (the connection is then closed after the answer). */
    static byte[] read(Context ctx, int max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            ctx.header("Connection", "close");
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buf = new byte[16 * 1024];
        InputStream in = ctx.req().getInputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (out.size() + n > max) {
                ctx.header("Connection", "close");
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The one-line reason for a body above {@code max}. */
    static String tooLarge(int max) {
        return "the request body is larger than " + max / (1024 * 1024) + " MiB";
    }
}
