package dev.hooks.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The non-blocking load path against a raw HTTP/1.1 server on 127.0.0.1 that answers in the awkward ways real
 * receivers do: split into single bytes, chunked, after an interim 100, read to close, closing kept-alive
 * connections, and not at all.
 */
class LoadLoopIT {
    private static final Profile PAISMO = new ProviderCatalog(List.of()).get("paismo");
    private static final byte[] BODY = "{\"event_type\":\"employee.updated\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsEveryFormOfAnswerOneRequestPerConnectionAtATime() throws Exception {
        AtomicInteger served = new AtomicInteger();
        Function<Integer, String> answer = i -> switch (i % 5) {
            case 0 -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            case 1 -> "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n";
            case 2 -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
            case 3 -> "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\nConnection: close\r\n\r\nfail";
            default -> "HTTP/1.0 204 No Content\r\n\r\n";
        };
        try (RawServer server = new RawServer(served, answer, true)) {
            List<SendEvent.Attempt> attempts = new CopyOnWriteArrayList<>();
            Summary s = run(server.url(), 50, 4, attempts);
            assertThat(s.attempts()).isEqualTo(50);
            assertThat(s.statuses()).isEqualTo(Map.of(200, 10L, 202, 10L, 201, 10L, 500, 10L, 204, 10L));
            assertThat(s.delivered()).isEqualTo(40);
            assertThat(attempts).filteredOn(a -> a.exchange().status() == 202)
                    .allSatisfy(a -> assertThat(a.exchange().responseText()).isEqualTo("abcde"));
            assertThat(attempts).filteredOn(a -> a.exchange().status() == 500)
                    .allSatisfy(a -> assertThat(a.exchange().responseText()).isEqualTo("fail"));
            assertThat(server.maxInFlightPerConnection()).isEqualTo(1);
            assertThat(server.requests).hasSize(50).allSatisfy(r -> {
                assertThat(r).startsWith("POST /hook HTTP/1.1\r\n").contains("\r\nX-Paismo-Signature: ")
                        .contains("\r\nContent-Length: " + BODY.length + "\r\n").endsWith(new String(BODY, StandardCharsets.UTF_8));
                String sig = r.replaceAll("(?s).*\r\nX-Paismo-Signature: ([0-9a-f]+)\r\n.*", "$1");
                assertThat(sig).hasSize(64);
            });
        }
    }

    @Test
    void theBlockingTransportReadsTheSameFormsOverKeptAliveConnections() throws Exception {
        Function<Integer, String> answer = i -> switch (i % 5) {
            case 0 -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            case 1 -> "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n";
            case 2 -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
            case 3 -> "HTTP/1.1 500 Oops\r\nConnection: close\r\n\r\nread to close";
            default -> "HTTP/1.0 204 No Content\r\n\r\n";
        };
        try (RawServer server = new RawServer(new AtomicInteger(), answer, true);
             HttpTransport transport = new HttpTransport(Duration.ofSeconds(10), false, Clock.systemUTC())) {
            OutgoingRequest request = new OutgoingRequest("POST", URI.create(server.url()), List.of(), BODY);
            for (int round = 0; round < 2; round++) {
                List<Exchange> x = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    x.add(transport.exchange(request));
                }
                assertThat(x).extracting(Exchange::status).containsExactly(200, 202, 201, 500, 204);
                assertThat(x).extracting(Exchange::responseText).containsExactly("ok", "abcde", "", "read to close", "");
                assertThat(x.get(1).responseHeaders()).extracting(OutgoingRequest.Header::name)
                        .containsExactly("Transfer-Encoding");
            }
        }
    }

    @Test
    void silentReceiversTimeOutAndRefusedConnectionsCountAsConnectErrors() throws Exception {
        try (RawServer server = new RawServer(new AtomicInteger(), i -> null, false)) {
            Summary s = run(server.url(), 3, 3, new CopyOnWriteArrayList<>(), Duration.ofMillis(300));
            assertThat(s.errors()).isEqualTo(Map.of("timeout", 3L));
            // Reached, then silent: the receiver's failure, not the network's.
            assertThat(s.failedAnswered()).isEqualTo(3);
            assertThat(s.failedNetwork()).isZero();
        }
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Summary s = run("http://127.0.0.1:" + port + "/hook", 4, 2, new CopyOnWriteArrayList<>());
        assertThat(s.errors()).isEqualTo(Map.of("connect", 4L));
    }

    @Test
    void aReceiverOnThisMachineLeavesItHalfTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String local : List.of("http://127.0.0.1:9/h", "http://127.1.2.3:9/h", "http://[::1]:9/h", "http://localhost:9/h")) {
            assertThat(LoadLoop.loopback(URI.create(local))).as(local).isTrue();
            assertThat(LoadLoop.threads(64, URI.create(local))).as(local).isEqualTo(Math.max(1, cores / 2));
        }
        // Literal addresses of other machines (documentation ranges): nothing is looked up or sent.
        for (String remote : List.of("http://192.0.2.7:9/h", "http://[2001:db8::1]:9/h")) {
            assertThat(LoadLoop.loopback(URI.create(remote))).as(remote).isFalse();
            assertThat(LoadLoop.threads(64, URI.create(remote))).as(remote).isEqualTo(cores);
        }
        assertThat(LoadLoop.threads(1, URI.create("http://192.0.2.7:9/h"))).isEqualTo(1);
    }

    private static Summary run(String url, long count, int concurrency, List<SendEvent.Attempt> attempts) {
        return run(url, count, concurrency, attempts, Duration.ofSeconds(10));
    }

    private static Summary run(String url, long count, int concurrency, List<SendEvent.Attempt> attempts,
                               Duration timeout) {
        try (HttpTransport transport = new HttpTransport(timeout, false, Clock.systemUTC())) {
            RequestFactory factory = new RequestFactory(PAISMO, SignatureScheme.of(PAISMO, "s"), null, null,
                    URI.create(url), Clock.systemUTC());
            RetryPolicy policy = RetryPolicy.of(PAISMO.delivery(), false, 1);
            Sender.Plan plan = new Sender.Plan(count, concurrency, 0, null);
            assertThat(LoadLoop.suits(plan, factory, policy)).isTrue();
            Sender sender = new Sender(transport, factory, new RawEnvelopes(PAISMO, BODY, "employee.updated"), policy,
                    e -> attempts.add((SendEvent.Attempt) e));
            return sender.run(plan);
        }
    }

    /** Answers the i-th request (counted over all connections) with answer(i), byte by byte; null: never answers. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
        private final AtomicInteger overlap = new AtomicInteger();
        private final AtomicInteger served;
        private final Function<Integer, String> answer;
        private final boolean closeEveryThird;

        RawServer(AtomicInteger served, Function<Integer, String> answer, boolean closeEveryThird) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.served = served;
            this.answer = answer;
            this.closeEveryThird = closeEveryThird;
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = socket.accept();
                        Thread c = new Thread(() -> serve(s));
                        c.setDaemon(true);
                        c.start();
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        int maxInFlightPerConnection() {
            return overlap.get() == 0 ? 1 : 2;
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int onThisConnection = 0;
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    if (in.available() > 0) {
                        overlap.incrementAndGet();
                    }
                    requests.add(request);
                    String a = answer.apply(served.getAndIncrement());
                    if (a == null) {
                        Thread.sleep(5_000);
                        return;
                    }
                    for (byte b : a.getBytes(StandardCharsets.ISO_8859_1)) {
                        out.write(b);
                        out.flush();
                    }
                    onThisConnection++;
                    if (a.contains("Connection: close") || a.startsWith("HTTP/1.0")
                            || closeEveryThird && onThisConnection % 3 == 0) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n")) {
                if ((c = in.read()) < 0) {
                    return null;
                }
                head.append((char) c);
            }
            int length = Integer.parseInt(head.toString().replaceAll("(?s).*\r\nContent-Length: (\\d+)\r\n.*", "$1"));
            byte[] body = in.readNBytes(length);
            return head + new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
