package dev.hooks.send;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 answer read incrementally, as bytes arrive: interim 1xx answers skipped, {@code Content-Length},
 * chunked or read-to-close bodies, lines of at most 64 KiB, a head (status line and headers) of at most
 * {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} lines. Of the body at most {@link Http1Connection#MAX_BODY} is
 * kept: the answer ends there, marked {@link #truncated()}, and the connection is not reused, so an endless body
 * costs neither memory nor the wait for a timeout. The blocking {@link Http1Connection} and the non-blocking load
 * loop both read their answers through it.
 */
final class ResponseParser {
    /** The most bytes of status line and headers an answer may have (interim answers included). */
    static final int MAX_HEAD = 256 * 1024;
    /** The most header lines an answer may have. */
    static final int MAX_HEADERS = 1000;

    private enum State { STATUS, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE }

    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    private State state = State.STATUS;
    private int status;
    private boolean http10;
    private boolean chunked;
    private boolean close;
    private boolean headRequest;
    private long length;
    private long left;
    private List<OutgoingRequest.Header> headers;
    private ByteArrayOutputStream body;
    private int headBytes;
    private boolean truncated;
    /** Whether any byte of the answer arrived. */
    boolean received;

    /** Gets ready for the next answer on the same connection. */
    void reset() {
        reset(false);
    }

    /** Gets ready for the next answer; the answer to a HEAD request has no body whatever its headers say. */
    void reset(boolean headRequest) {
        this.headRequest = headRequest;
        start = 0;
        end = 0;
        state = State.STATUS;
        received = false;
        body = null;
        headers = null;
        headBytes = 0;
        truncated = false;
    }

    int status() {
        return status;
    }

    List<OutgoingRequest.Header> headers() {
        return headers;
    }

    byte[] body() {
        return body == null ? new byte[0] : body.toByteArray();
    }

    /** Whether the body went on past {@link Http1Connection#MAX_BODY}: only that much of it was read. */
    boolean truncated() {
        return truncated;
    }

    /** Whether the connection may carry another request after this answer. */
    boolean reusable() {
        return !close;
    }

    /** Takes bytes read from the connection; true once the whole answer is in. */
    boolean feed(byte[] src, int off, int len) throws IOException {
        if (len > 0) {
            received = true;
        }
        if (end + len > buf.length) {
            if (end - start + len <= buf.length) {
                System.arraycopy(buf, start, buf, 0, end - start);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, end - start + len)];
                System.arraycopy(buf, start, bigger, 0, end - start);
                buf = bigger;
            }
            end -= start;
            start = 0;
        }
        System.arraycopy(src, off, buf, end, len);
        end += len;
        return parse();
    }

    /** The receiver closed the connection: true when that ends a read-to-close body, else an error. */
    boolean endOfStream() throws IOException {
        if (state == State.TO_CLOSE) {
            state = State.DONE;
            return true;
        }
        throw new EOFException("the receiver closed the connection before answering in full");
    }

    private boolean parse() throws IOException {
        while (true) {
            switch (state) {
                case STATUS -> {
                    String line = line();
                    if (line == null) {
                        return false;
                    }
                    if (!line.startsWith("HTTP/1.")) {
                        throw new IOException("the answer is not HTTP/1.x: " + abbreviate(line));
                    }
                    String[] parts = line.split(" ", 3);
                    try {
                        status = Integer.parseInt(parts[1]);
                    } catch (RuntimeException e) {
                        throw new IOException("malformed status line: " + abbreviate(line));
                    }
                    http10 = line.startsWith("HTTP/1.0");
                    close = http10;
                    chunked = false;
                    length = -1;
                    headers = new ArrayList<>(6);
                    state = State.HEADERS;
                }
                case HEADERS -> {
                    String h = line();
                    if (h == null) {
                        return false;
                    }
                    if (h.isEmpty()) {
                        endOfHead();
                    } else if (headers.size() >= MAX_HEADERS) {
                        throw new IOException("the answer's headers exceed " + MAX_HEADERS + " lines");
                    } else {
                        header(h);
                    }
                }
                case FIXED, CHUNK_DATA, TO_CLOSE -> {
                    int n = (int) Math.min(state == State.TO_CLOSE ? Long.MAX_VALUE : left, end - start);
                    keep(n);
                    if (truncated) {
                        close = true;
                        state = State.DONE;
                        return true;
                    }
                    if (state == State.TO_CLOSE) {
                        return false;
                    }
                    left -= n;
                    if (left > 0) {
                        return false;
                    }
                    state = state == State.FIXED ? State.DONE : State.CHUNK_END;
                }
                case CHUNK_SIZE -> {
                    String line = line();
                    if (line == null) {
                        return false;
                    }
                    int semi = line.indexOf(';');
                    long size;
                    try {
                        size = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).strip(), 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed chunk size: " + abbreviate(line));
                    }
                    left = size;
                    state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
                }
                case CHUNK_END -> {
                    if (line() == null) {
                        return false;
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    String line = line();
                    if (line == null) {
                        return false;
                    }
                    if (line.isEmpty()) {
                        state = State.DONE;
                    }
                }
                case DONE -> {
                    return true;
                }
            }
        }
    }

    private void header(String h) throws IOException {
        int colon = h.indexOf(':');
        if (colon <= 0) {
            throw new IOException("malformed header line in the answer: " + abbreviate(h));
        }
        String name = h.substring(0, colon).strip();
        String value = h.substring(colon + 1).strip();
        headers.add(new OutgoingRequest.Header(name, value));
        if (name.equalsIgnoreCase("content-length")) {
            try {
                length = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length: " + value);
            }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
            String v = value.toLowerCase(Locale.ROOT);
            close = v.contains("close") || http10 && !v.contains("keep-alive");
        }
    }

    private void endOfHead() throws IOException {
        if (status >= 100 && status < 200) {
            if (status == 101) {
                throw new IOException("the receiver switched protocols (101)");
            }
            state = State.STATUS;
            return;
        }
        body = null;
        if (headRequest || status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (length >= 0) {
            left = length;
            state = length == 0 ? State.DONE : State.FIXED;
        } else {
            close = true;
            state = State.TO_CLOSE;
        }
    }

    /** Moves {@code n} bytes of body out of the buffer, keeping what fits under the cap. */
    private void keep(int n) {
        if (n > 0) {
            if (body == null) {
                body = new ByteArrayOutputStream(Math.min(n, 8192));
            }
            int room = Http1Connection.MAX_BODY - body.size();
            body.write(buf, start, Math.min(n, room));
            truncated = n > room;
            start += n;
        }
    }

    /** The next whole line without its line break, or null when it has not all arrived. */
    private String line() throws IOException {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                int stop = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                if (state == State.STATUS || state == State.HEADERS) {
                    headBytes += i + 1 - start;
                    if (headBytes > MAX_HEAD) {
                        throw new IOException("the answer's headers exceed " + MAX_HEAD / 1024 + " KiB");
                    }
                }
                String s = new String(buf, start, stop - start, StandardCharsets.ISO_8859_1);
                start = i + 1;
                return s;
            }
        }
        if (end - start > 64 * 1024) {
            throw new IOException("a line of the answer is longer than 64 KiB");
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
