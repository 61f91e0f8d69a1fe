package dev.hooks.send;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * One HTTP/1.1 connection, plain or TLS, used for one request at a time and kept alive between them. It writes the
 * request in one piece with the headers in the order and spelling given, and reads the answer through a
 * {@link ResponseParser} ({@code Content-Length}, chunked, or read-to-close bodies), each read bounded by the
 * request's deadline.
 */
final class Http1Connection implements Closeable {
    /** How much of an answer's body is kept; the answer ends there and the connection is closed. */
    static final int MAX_BODY = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private final ResponseParser answer = new ResponseParser();
    private long deadline;
    boolean reusable = true;

    Http1Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** An answer as read off the wire. */
    record Answer(int status, List<OutgoingRequest.Header> headers, byte[] body, boolean truncated) {}

    /** Whether any byte of an answer arrived: a reused connection that fails before that may be retried once. */
    boolean received() {
        return answer.received;
    }

    Answer exchange(byte[] head, byte[] body, boolean headRequest, long deadlineNanos) throws IOException {
        this.deadline = deadlineNanos;
        answer.reset(headRequest);
        if (body.length > 0 && head.length + body.length <= 64 * 1024) {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        } else {
            out.write(head);
            if (body.length > 0) {
                out.write(body);
            }
        }
        out.flush();
        while (true) {
            int n = read();
            if (n < 0 ? answer.endOfStream() : answer.feed(buf, 0, n)) {
                reusable = answer.reusable();
                return new Answer(answer.status(), answer.headers(), answer.body(), answer.truncated());
            }
        }
    }

    /** Reads more bytes into the buffer, waiting no later than the deadline; -1 at end of stream. */
    private int read() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        return in.read(buf, 0, buf.length);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
