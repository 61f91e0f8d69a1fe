package dev.hooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile HTTP peer on 127.0.0.1: it reads each request's head, writes {@code prefix}, then writes {@code repeat}
 * over and over until the client goes away. With a status line and a chunked header as the prefix and a chunk as
 * the repeated part it is an endless body; with a status line alone and a header line repeated, endless headers.
 */
public final class EndlessServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] prefix;
    private final byte[] repeat;
    private final AtomicLong written = new AtomicLong();

    private EndlessServer(String prefix, String repeat) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.prefix = prefix.getBytes(StandardCharsets.ISO_8859_1);
        this.repeat = repeat.repeat(Math.max(1, 16384 / repeat.length())).getBytes(StandardCharsets.ISO_8859_1);
        Thread t = new Thread(this::accept, "endless-server");
        t.setDaemon(true);
        t.start();
    }

    /** 200 with a chunked body that never ends. */
    public static EndlessServer endlessBody() throws IOException {
        return new EndlessServer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
                "400\r\n" + "x".repeat(1024) + "\r\n");
    }

    /** A status line followed by header lines that never end. */
    public static EndlessServer endlessHeaders() throws IOException {
        return new EndlessServer("HTTP/1.1 200 OK\r\n", "X-Filler: " + "y".repeat(100) + "\r\n");
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** How many bytes were written to clients so far. */
    public long written() {
        return written.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "endless-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) { // up to the blank line ending the head; a body, if any, is left unread
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            OutputStream out = s.getOutputStream();
            out.write(prefix);
            while (!server.isClosed()) {
                out.write(repeat);
                written.addAndGet(repeat.length);
            }
        } catch (IOException goneAway) {
            // the client stopped reading: what it should do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
