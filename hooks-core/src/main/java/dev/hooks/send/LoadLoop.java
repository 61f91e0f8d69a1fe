package dev.hooks.send;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The load path of {@link Sender} for plain {@code http://} runs without retries: a few I/O threads (one per core),
 * each driving its share of the keep-alive connections through one {@link Selector}, instead of a blocked thread per
 * connection. A connection carries one request at a time, as a provider sends (no pipelining). Each delivery is
 * rendered and signed on the I/O thread that sends it, just before it is written, so every request still gets its
 * own ids, timestamp and signature. Counts, pacing, the deadline and the events are the sender's own.
 */
final class LoadLoop {
    private final Sender sender;
    private final Sender.Plan plan;
    private final long deadline;
    private final Sender.Pacer pacer;
    private final URI uri;
    private final long timeoutNanos;

    LoadLoop(Sender sender, Sender.Plan plan, long deadline, Sender.Pacer pacer) {
        this.sender = sender;
        this.plan = plan;
        this.deadline = deadline;
        this.pacer = pacer;
        this.uri = sender.factory().url();
        this.timeoutNanos = sender.transport().timeout().toNanos();
    }

    /** Whether a plan can go this way: many deliveries, one attempt each, plain HTTP, no token to fetch. */
    static boolean suits(Sender.Plan plan, RequestFactory factory, RetryPolicy policy) {
        Authenticator auth = factory.auth();
        return (plan.count() != 1 || plan.duration() != null) && !policy.retry() && policy.maxAttempts() == 1
                && "http".equalsIgnoreCase(factory.url().getScheme()) && factory.url().getHost() != null
                && (auth == Authenticator.NONE || auth instanceof ApiKeyAuth);
    }

    /**
     * How many I/O threads for {@code concurrency} connections to {@code url}: one per core, or, when the receiver is
     * on this machine (a loopback address), one per two cores. A local receiver needs the other cores for its own
     * work: on two cores, one I/O thread beside a single-threaded receiver sent 20,000 deliveries in about 20% less
     * time and CPU than two I/O threads, which queued behind the receiver and each other for the same cores.
     */
    static int threads(int concurrency, URI url) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(concurrency, loopback(url) ? cores / 2 : cores));
    }

    /** Whether {@code url}'s host is this machine: a loopback address, or a name that resolves to one. */
    static boolean loopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false; // the workers report an unknown host themselves, per delivery
        }
    }

    /** Runs the plan with {@code stats.size()} I/O threads, one stats each, and returns when all have ended. */
    void run(List<Sender.Stats> stats) throws InterruptedException {
        int threads = stats.size();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int conns = plan.concurrency() / threads + (i < plan.concurrency() % threads ? 1 : 0);
            Worker w = new Worker(conns, stats.get(i));
            Thread t = new Thread(w, "hooks-send-io-" + (i + 1));
            t.setDaemon(true);
            started.add(t);
        }
        started.forEach(Thread::start);
        for (Thread t : started) {
            t.join();
        }
    }

    private enum State { IDLE, PACED, CONNECTING, WRITING, READING }

    /** One connection and the request it carries. */
    private static final class Conn {
        SocketChannel channel;
        SelectionKey key;
        State state = State.IDLE;
        final ResponseParser answer = new ResponseParser();
        long n;
        Envelope envelope;
        OutgoingRequest request;
        ByteBuffer out;
        Instant sentAt;
        long start;
        long until;
        boolean reused;
        boolean resent;
    }

    private final class Worker implements Runnable {
        private final Conn[] conns;
        private final Sender.Stats stats;
        private final Selector selector;
        private final byte[] in = new byte[16 * 1024];
        private final ByteBuffer inBuf = ByteBuffer.wrap(in);
        private InetSocketAddress address;
        private int active;

        Worker(int n, Sender.Stats stats) {
            this.conns = new Conn[n];
            this.stats = stats;
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < conns.length; i++) {
                    conns[i] = new Conn();
                    active++;
                    next(conns[i]);
                }
                while (active > 0) {
                    long now = System.nanoTime();
                    long wake = Long.MAX_VALUE;
                    for (Conn c : conns) {
                        if (c.state == State.PACED || c.state == State.CONNECTING || c.state == State.WRITING
                                || c.state == State.READING) {
                            wake = Math.min(wake, c.until - now);
                        }
                    }
                    if (wake <= 0) {
                        selector.selectNow();
                    } else {
                        selector.select(Math.max(1, Math.min(wake / 1_000_000 + 1, 1000)));
                    }
                    for (SelectionKey k : selector.selectedKeys()) {
                        ready((Conn) k.attachment());
                    }
                    selector.selectedKeys().clear();
                    now = System.nanoTime();
                    for (Conn c : conns) {
                        if (c.state != State.IDLE && c.until - now <= 0) {
                            expired(c);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the selector failed", e);
            } finally {
                for (Conn c : conns) {
                    if (c != null) {
                        close(c);
                    }
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        /** Starts this connection's next delivery, waits for its paced start, or retires the connection. */
        private void next(Conn c) {
            if (sender.stopped() || deadline != 0 && System.nanoTime() - deadline >= 0) {
                retire(c);
                return;
            }
            long n = sender.claim();
            if (plan.count() > 0 && n > plan.count()) {
                retire(c);
                return;
            }
            c.n = n;
            if (pacer != null) {
                long slot = pacer.reserve();
                if (slot - System.nanoTime() > 0) {
                    c.state = State.PACED;
                    c.until = slot;
                    interest(c, 0);
                    return;
                }
            }
            start(c);
        }

        private void retire(Conn c) {
            c.state = State.IDLE;
            close(c);
            active--;
        }

        /** Renders, signs and sends delivery {@code c.n}. */
        private void start(Conn c) {
            c.envelope = sender.source().next(c.n);
            stats.deliveries++;
            RequestFactory factory = sender.factory();
            c.request = factory.build(c.envelope, 1);
            c.sentAt = sender.transport().now();
            try {
                c.request = factory.authenticate(c.request);
                c.out = ByteBuffer.wrap(HttpTransport.wire(c.request, uri, port(), false));
            } catch (Authenticator.AuthenticationFailed e) {
                finish(c, new Exchange(c.request, c.sentAt, 0, 0, List.of(), new byte[0],
                        new Exchange.Failure(e.kind(), e.getMessage())));
                return;
            } catch (IllegalArgumentException e) {
                finish(c, new Exchange(c.request, c.sentAt, 0, 0, List.of(), new byte[0],
                        sender.transport().classify(e)));
                return;
            }
            c.start = System.nanoTime();
            c.until = c.start + timeoutNanos;
            c.resent = false;
            send(c);
        }

        private int port() {
            return uri.getPort() > 0 ? uri.getPort() : 80;
        }

        /** Writes the request on the kept-alive connection, or opens one first. */
        private void send(Conn c) {
            c.answer.reset();
            c.out.rewind();
            c.reused = c.channel != null;
            try {
                if (c.channel == null) {
                    if (address == null) {
                        String host = uri.getHost();
                        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                        address = new InetSocketAddress(InetAddress.getByName(bare), port());
                    }
                    SocketChannel ch = SocketChannel.open();
                    c.channel = ch;
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                    c.key = ch.register(selector, 0, c);
                    if (!ch.connect(address)) {
                        c.state = State.CONNECTING;
                        interest(c, SelectionKey.OP_CONNECT);
                        return;
                    }
                }
                write(c);
            } catch (IOException | RuntimeException e) {
                failed(c, e);
            }
        }

        private void write(Conn c) throws IOException {
            c.state = State.WRITING;
            c.channel.write(c.out);
            if (c.out.hasRemaining()) {
                interest(c, SelectionKey.OP_WRITE);
            } else {
                c.state = State.READING;
                interest(c, SelectionKey.OP_READ);
            }
        }

        private void ready(Conn c) {
            try {
                switch (c.state) {
                    case CONNECTING -> {
                        if (c.channel.finishConnect()) {
                            write(c);
                        }
                    }
                    case WRITING -> write(c);
                    case READING -> read(c);
                    default -> { }
                }
            } catch (IOException | RuntimeException e) {
                failed(c, e);
            }
        }

        private void read(Conn c) throws IOException {
            while (true) {
                inBuf.clear();
                int got = c.channel.read(inBuf);
                if (got == 0) {
                    return;
                }
                boolean done = got < 0 ? c.answer.endOfStream() : c.answer.feed(in, 0, got);
                if (done) {
                    long latency = System.nanoTime() - c.start;
                    boolean keep = c.answer.reusable() && got > 0;
                    Exchange x = new Exchange(c.request, c.sentAt, latency, c.answer.status(), c.answer.headers(),
                            c.answer.body(), null);
                    if (!keep) {
                        close(c);
                    }
                    finish(c, x);
                    return;
                }
                if (got < in.length) {
                    return;
                }
            }
        }

        /** A network failure: a kept-alive connection that broke before any answer is reopened once, as the blocking path does. */
        private void failed(Conn c, Throwable e) {
            boolean stale = c.reused && !c.resent && !c.answer.received && c.state != State.CONNECTING;
            close(c);
            if (stale) {
                c.resent = true;
                send(c);
                return;
            }
            finish(c, new Exchange(c.request, c.sentAt, System.nanoTime() - c.start, 0, List.of(), new byte[0],
                    sender.transport().classify(e)));
        }

        private void expired(Conn c) {
            if (c.state == State.PACED) {
                if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                    retire(c);
                } else {
                    start(c);
                }
                return;
            }
            boolean connecting = c.state == State.CONNECTING;
            close(c);
            finish(c, new Exchange(c.request, c.sentAt, System.nanoTime() - c.start, 0, List.of(), new byte[0],
                    sender.transport().timedOut(connecting)));
        }

        private void finish(Conn c, Exchange x) {
            c.state = State.IDLE;
            if (c.key != null && c.key.isValid()) {
                c.key.interestOps(0);
            }
            sender.attempted(c.n, c.envelope, x, stats);
            c.envelope = null;
            c.request = null;
            c.out = null;
            next(c);
        }

        private void interest(Conn c, int ops) {
            if (c.key != null && c.key.isValid()) {
                c.key.interestOps(ops);
            }
        }

        private void close(Conn c) {
            if (c.channel != null) {
                if (c.key != null) {
                    c.key.cancel();
                }
                try {
                    c.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
                c.channel = null;
                c.key = null;
            }
        }
    }
}
