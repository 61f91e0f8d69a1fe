package dev.hooks.send;

import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one delivery of {@code hooks send --count} costs, in its parts, with the same classes the send path uses:
 * rendering a fresh sample (ids, timestamp), signing it (the request with its headers), writing the request's bytes,
 * and the whole exchange on a kept-alive connection: render, sign, write and read the answer of a minimal receiver
 * on 127.0.0.1 (a thread that answers 200 to each request it reads; its own cost is part of {@code deliver}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OneDelivery {
    private SampleEnvelopes source;
    private RequestFactory factory;
    private HttpTransport transport;
    private Answerer receiver;
    private URI url;
    private final AtomicLong n = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        receiver = new Answerer();
        url = URI.create("http://127.0.0.1:" + receiver.port() + "/webhook");
        Profile profile = new ProviderCatalog(List.of()).get("paismo");
        SampleCatalog samples = SampleCatalog.builtIn();
        SampleEvent sample = SampleChoice.sample(samples, profile, "employee.updated");
        Clock clock = Clock.systemUTC();
        source = new SampleEnvelopes(profile, samples, sample, new SampleRenderer(clock, SampleEnvelopes.FAST_RANDOM),
                null, List.of(), false);
        factory = new RequestFactory(profile, SignatureScheme.of(profile, "bench-secret"), null, Authenticator.NONE,
                url, clock);
        transport = new HttpTransport(Duration.ofSeconds(10), false, clock);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        transport.close();
        receiver.close();
    }

    /** A fresh sample: its ids and timestamp, the body's bytes. */
    @Benchmark
    public byte[] render() {
        return source.next(n.incrementAndGet()).body(1);
    }

    /** Rendered and signed: the request with its provider headers and signature. */
    @Benchmark
    public OutgoingRequest renderAndSign() {
        return factory.build(source.next(n.incrementAndGet()), 1);
    }

    /** Rendered, signed and serialised: the bytes written on the connection. */
    @Benchmark
    public byte[] renderSignAndWrite() {
        OutgoingRequest r = factory.build(source.next(n.incrementAndGet()), 1);
        return HttpTransport.wire(r, url, receiver.port(), false);
    }

    /** The whole delivery on a kept-alive connection: render, sign, write, read the answer. */
    @Benchmark
    public int deliver() {
        Exchange x = transport.exchange(factory.build(source.next(n.incrementAndGet()), 1));
        if (x.status() != 200) {
            throw new IllegalStateException("the receiver answered " + x.status());
        }
        return x.status();
    }

    /** A minimal keep-alive receiver: reads each request's head and declared body, answers 200. */
    static final class Answerer implements AutoCloseable {
        private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
        private final ServerSocket server;

        Answerer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "bench-receiver");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread t = new Thread(() -> serve(s), "bench-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[64 * 1024];
                int have = 0;
                while (true) {
                    int end = headEnd(buf, have);
                    while (end < 0) {
                        int got = in.read(buf, have, buf.length - have);
                        if (got < 0) {
                            return;
                        }
                        have += got;
                        end = headEnd(buf, have);
                    }
                    int length = contentLength(new String(buf, 0, end, StandardCharsets.ISO_8859_1));
                    int total = end + length;
                    while (have < total) {
                        int got = in.read(buf, have, buf.length - have);
                        if (got < 0) {
                            return;
                        }
                        have += got;
                    }
                    out.write(OK);
                    out.flush();
                    System.arraycopy(buf, total, buf, 0, have - total);
                    have -= total;
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static int headEnd(byte[] b, int n) {
            for (int i = 3; i < n; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
