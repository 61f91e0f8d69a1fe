package dev.hooks.send;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 connection, plain or TLS, used for one request at a time and kept alive between them. It writes the
 * request in one piece with the headers in the order and spelling given, and reads the answer with
 * {@code Content-Length}, chunked, or read-to-close bodies, each read bounded by the request's deadline.
 */
final class Http1Connection implements Closeable {
    /** How much of an answer's body is kept; the rest is read and dropped so the connection stays usable. */
    static final int MAX_BODY = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private long deadline;
    boolean reusable = true;

    Http1Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** An answer as read off the wire. */
    record Answer(int status, List<OutgoingRequest.Header> headers, byte[] body) {}

    /** Whether any byte of an answer arrived: a reused connection that fails before that may be retried once. */
    boolean received;

    Answer exchange(byte[] head, byte[] body, boolean headRequest, long deadlineNanos) throws IOException {
        this.deadline = deadlineNanos;
        received = false;
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
            String statusLine = line();
            received = true;
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("the answer is not HTTP/1.x: " + abbreviate(statusLine));
            }
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw new IOException("malformed status line: " + abbreviate(statusLine));
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            List<OutgoingRequest.Header> headers = new ArrayList<>();
            long length = -1;
            boolean chunked = false;
            boolean close = http10;
            String h;
            while (!(h = line()).isEmpty()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line in the answer: " + abbreviate(h));
                }
                String name = h.substring(0, colon).strip();
                String value = h.substring(colon + 1).strip();
                headers.add(new OutgoingRequest.Header(name, value));
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed Content-Length: " + value);
                    }
                } else if (lower.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (lower.equals("connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    close = v.contains("close") || http10 && !v.contains("keep-alive");
                }
            }
            if (status >= 100 && status < 200) {
                if (status == 101) {
                    throw new IOException("the receiver switched protocols (101)");
                }
                continue;
            }
            byte[] content;
            if (headRequest || status == 204 || status == 304) {
                content = new byte[0];
            } else if (chunked) {
                content = chunked();
            } else if (length >= 0) {
                content = fixed(length);
            } else {
                content = toClose();
                close = true;
            }
            reusable = !close;
            return new Answer(status, headers, content);
        }
    }

    private byte[] fixed(long length) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, 8192));
        long left = length;
        while (left > 0) {
            if (pos == lim) {
                fill(true);
            }
            int n = (int) Math.min(left, lim - pos);
            if (body.size() < MAX_BODY) {
                body.write(buf, pos, Math.min(n, MAX_BODY - body.size()));
            }
            pos += n;
            left -= n;
        }
        return body.toByteArray();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            byte[] part = fixedInto(size, body);
            if (part == null) {
                line();
            }
        }
    }

    private byte[] fixedInto(long size, ByteArrayOutputStream body) throws IOException {
        long left = size;
        while (left > 0) {
            if (pos == lim) {
                fill(true);
            }
            int n = (int) Math.min(left, lim - pos);
            if (body.size() < MAX_BODY) {
                body.write(buf, pos, Math.min(n, MAX_BODY - body.size()));
            }
            pos += n;
            left -= n;
        }
        return null;
    }

    private byte[] toClose() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            if (pos == lim && !fill(false)) {
                return body.toByteArray();
            }
            int n = lim - pos;
            if (body.size() < MAX_BODY) {
                body.write(buf, pos, Math.min(n, MAX_BODY - body.size()));
            }
            pos += n;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos == lim) {
                fill(true);
            }
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (sb != null) {
                        sb.append(s);
                        String all = sb.toString();
                        return all.endsWith("\r") ? all.substring(0, all.length() - 1) : all;
                    }
                    return s;
                }
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
            pos = lim;
            if (sb.length() > 64 * 1024) {
                throw new IOException("a line of the answer is longer than 64 KiB");
            }
        }
    }

    /** Reads more bytes; at end of stream throws when {@code required}, else returns false. */
    private boolean fill(boolean required) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            if (required) {
                throw new EOFException("the receiver closed the connection before answering in full");
            }
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
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
