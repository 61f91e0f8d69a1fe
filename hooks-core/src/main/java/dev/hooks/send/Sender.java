package dev.hooks.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The sender engine: delivers envelopes as the provider does, one or many at once, each with the provider's retry
 * schedule, and reports every attempt as a {@link SendEvent}. It never prints.
 *
 * <p>Each delivery is rendered, signed and sent on the worker thread that owns it ({@code concurrency} workers), so
 * signing scales with the workers and never waits behind one producer; connections are kept alive and reused.
 * With retries on, consecutive failed deliveries count against the subscription; at the profile's
 * {@code failureLimit} the subscription is failed and nothing more is sent, as the provider would.
 */
public final class Sender {
    /** Makes the envelope of delivery {@code n} (1-based); called on the worker thread that sends it. */
    public interface EnvelopeSource {
        Envelope next(long n);
    }

    /**
     * How much to send.
     *
     * @param count deliveries to send; 0 for as many as fit in {@code duration}
     * @param concurrency deliveries in flight at once
     * @param ratePerSecond the most deliveries started per second; 0 for no limit
     * @param duration stop starting deliveries after this long; null for no limit
     */
    public record Plan(long count, int concurrency, double ratePerSecond, Duration duration) {
        public Plan {
            if (count < 0 || count == 0 && duration == null) {
                throw new IllegalArgumentException("a plan needs a count or a duration");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }

        public static Plan single() {
            return new Plan(1, 1, 0, null);
        }
    }

    /** Live figures for a progress display. */
    public record Progress(long deliveriesDone, long attempts, long failed, long elapsedNanos) {}

    private final HttpTransport transport;
    private final RequestFactory factory;
    private final EnvelopeSource source;
    private final RetryPolicy policy;
    private final Consumer<SendEvent> listener;

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Object subscriptionLock = new Object();
    private int consecutiveFailures;
    private boolean subscriptionFailed;
    private volatile long startNanos;
    private Gate gate = attempt -> true;
    private int firstAttempt = 1;
    private Duration firstWait;
    private boolean oneAttempt;

    /** Asked before each retry once its wait is over; false ends the delivery there, that attempt not made. */
    public interface Gate {
        boolean allows(int attempt);
    }

    public Sender(HttpTransport transport, RequestFactory factory, EnvelopeSource source, RetryPolicy policy,
                  Consumer<SendEvent> listener) {
        this.transport = transport;
        this.factory = factory;
        this.source = source;
        this.policy = policy;
        this.listener = listener;
    }

    /** Checks every retry with {@code gate} before it is sent. */
    public Sender gated(Gate gate) {
        this.gate = gate;
        return this;
    }

    /** Starts each delivery at attempt {@code attempt} after {@code wait}: a schedule carried on where it stopped. */
    public Sender resumingAt(int attempt, Duration wait) {
        this.firstAttempt = attempt;
        this.firstWait = wait;
        return this;
    }

    /**
     * Makes one attempt per delivery and no more: the caller schedules the next itself, from the attempt's
     * {@link SendEvent.Attempt#nextDelay()}, so no thread waits out a retry's delay.
     */
    public Sender oneAttempt() {
        this.oneAttempt = true;
        return this;
    }

    RequestFactory factory() {
        return factory;
    }

    HttpTransport transport() {
        return transport;
    }

    EnvelopeSource source() {
        return source;
    }

    boolean stopped() {
        return stop.get();
    }

    /** The number of the next delivery to start (1-based); past the plan's count there is none. */
    long claim() {
        return claimed.incrementAndGet();
    }

    public Progress progress() {
        long start = startNanos;
        return new Progress(done.get(), attempts.get(), failed.get(), start == 0 ? 0 : System.nanoTime() - start);
    }

    /** Asks the workers to start no further deliveries (those in flight finish). */
    public void stop() {
        stop.set(true);
    }

    /** Runs the plan on {@code plan.concurrency()} threads (plain-HTTP load runs: on {@link LoadLoop}'s few I/O threads) and returns when every started delivery has ended. */
    public Summary run(Plan plan) {
        startNanos = System.nanoTime();
        long deadline = plan.duration() == null ? 0 : startNanos + plan.duration().toNanos();
        Pacer pacer = plan.ratePerSecond() > 0 ? new Pacer(plan.ratePerSecond()) : null;
        List<Stats> all = new ArrayList<>();
        if (LoadLoop.suits(plan, factory, policy)) {
            for (int i = 0; i < LoadLoop.threads(plan.concurrency(), factory.url()); i++) {
                all.add(new Stats());
            }
            try {
                new LoadLoop(this, plan, deadline, pacer).run(all);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
            }
        } else if (plan.concurrency() == 1) {
            Stats stats = new Stats();
            all.add(stats);
            work(plan, deadline, pacer, stats);
        } else {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < plan.concurrency(); i++) {
                Stats stats = new Stats();
                all.add(stats);
                Thread t = new Thread(() -> work(plan, deadline, pacer, stats), "hooks-send-" + (i + 1));
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    stop();
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        long elapsed = System.nanoTime() - startNanos;
        return merge(all, elapsed);
    }

    private void work(Plan plan, long deadline, Pacer pacer, Stats stats) {
        while (!stop.get()) {
            if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                return;
            }
            long n = claimed.incrementAndGet();
            if (plan.count() > 0 && n > plan.count()) {
                return;
            }
            if (pacer != null) {
                pacer.await();
                if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                    return;
                }
            }
            deliver(n, plan, stats);
        }
    }

    private void deliver(long n, Plan plan, Stats stats) {
        Envelope envelope = source.next(n);
        int max = policy.maxAttempts();
        stats.deliveries++;
        for (int attempt = firstAttempt; attempt <= max; attempt++) {
            if (attempt == firstAttempt && firstWait != null) {
                sleep(firstWait);
            } else if (attempt > 1) {
                sleep(policy.scaled(attempt));
            }
            if (attempt > 1 && !gate.allows(attempt)) {
                return;
            }
            OutgoingRequest request = factory.build(envelope, attempt);
            Exchange x;
            try {
                request = factory.authenticate(request);
                x = transport.exchange(request);
            } catch (Authenticator.AuthenticationFailed e) {
                x = new Exchange(request, java.time.Instant.now(), 0, 0, List.of(), new byte[0],
                        new Exchange.Failure(e.kind(), e.getMessage()));
            }
            if (!attempted(n, attempt, max, envelope, x, plan, stats) || oneAttempt) {
                return;
            }
        }
    }

    /** Counts a single-attempt delivery's only attempt and reports it (the load loop's deliveries). */
    void attempted(long n, Envelope envelope, Exchange x, Stats stats) {
        attempted(n, 1, 1, envelope, x, null, stats);
    }

    /** Counts and reports one attempt; true when the delivery goes on to another attempt. */
    private boolean attempted(long n, int attempt, int max, Envelope envelope, Exchange x, Plan plan, Stats stats) {
        attempts.incrementAndGet();
        stats.record(x);
        if (x.answered() && x.status() == 401) {
            factory.auth().rejected();
        }
        SendEvent.Outcome outcome;
        if (x.answered() && RetryPolicy.success(x.status())) {
            outcome = SendEvent.Outcome.DELIVERED;
        } else if (attempt == max) {
            outcome = SendEvent.Outcome.FAILED;
        } else if (x.answered() && policy.stops(x.status())) {
            outcome = SendEvent.Outcome.STOPPED;
        } else {
            outcome = SendEvent.Outcome.RETRYING;
        }
        boolean more = outcome == SendEvent.Outcome.RETRYING;
        listener.accept(new SendEvent.Attempt((int) n, attempt, max, factory.profile().name(),
                envelope.eventType(), envelope.eventId(), envelope.deliveryId(), x, outcome,
                more ? policy.scaled(attempt + 1) : null, more ? policy.scheduled(attempt + 1) : null));
        if (!more) {
            boolean ok = outcome == SendEvent.Outcome.DELIVERED;
            if (ok) {
                stats.delivered++;
            } else if (x.answered() || x.failure().kind() == Exchange.Kind.AUTH || x.failure().reached()) {
                stats.failedAnswered++;
            } else {
                stats.failedNetwork++;
            }
            if (!ok) {
                failed.incrementAndGet();
            }
            done.incrementAndGet();
            track(ok, plan);
            return false;
        }
        return true;
    }

    /** The provider's subscription lifecycle, which only a sender that retries goes through. */
    private void track(boolean ok, Plan plan) {
        if (!policy.retry()) {
            return;
        }
        SendEvent.SubscriptionFailed event = null;
        synchronized (subscriptionLock) {
            if (ok) {
                consecutiveFailures = 0;
                return;
            }
            consecutiveFailures++;
            if (consecutiveFailures >= policy.failureLimit() && !subscriptionFailed) {
                subscriptionFailed = true;
                stop();
                long left = plan.count() > 0 ? Math.max(0, plan.count() - Math.min(plan.count(), claimed.get())) : 0;
                event = new SendEvent.SubscriptionFailed(factory.profile().name(), consecutiveFailures,
                        policy.failureLimit(), (int) left);
            }
        }
        if (event != null) {
            listener.accept(event);
        }
    }

    private static void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private Summary merge(List<Stats> all, long elapsed) {
        long deliveries = 0;
        long delivered = 0;
        long failedAnswered = 0;
        long failedNetwork = 0;
        long count = 0;
        int size = 0;
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (Stats s : all) {
            deliveries += s.deliveries;
            delivered += s.delivered;
            failedAnswered += s.failedAnswered;
            failedNetwork += s.failedNetwork;
            count += s.attempts;
            size += s.size;
            s.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            s.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        long[] latencies = new long[size];
        int at = 0;
        for (Stats s : all) {
            System.arraycopy(s.latencies, 0, latencies, at, s.size);
            at += s.size;
        }
        Arrays.sort(latencies);
        boolean subFailed;
        synchronized (subscriptionLock) {
            subFailed = subscriptionFailed;
        }
        return new Summary(deliveries, delivered, failedAnswered, failedNetwork, count, elapsed, latencies,
                statuses, errors, subFailed);
    }

    /** One worker's figures, merged at the end so workers never contend on them. */
    static final class Stats {
        long deliveries;
        long delivered;
        long failedAnswered;
        long failedNetwork;
        long attempts;
        long[] latencies = new long[256];
        int size;
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();

        void record(Exchange x) {
            attempts++;
            if (x.answered()) {
                if (size == latencies.length) {
                    latencies = Arrays.copyOf(latencies, size * 2);
                }
                latencies[size++] = x.latencyNanos();
                statuses.merge(x.status(), 1L, Long::sum);
            } else {
                errors.merge(x.failure().kind().label(), 1L, Long::sum);
            }
        }
    }

    /** Starts deliveries no faster than a rate, evenly spaced, without bursts to catch up. */
    static final class Pacer {
        private final long interval;
        private final AtomicLong next = new AtomicLong(System.nanoTime());

        Pacer(double perSecond) {
            this.interval = Math.max(1, Math.round(1e9 / perSecond));
        }

        void await() {
            long slot = reserve();
            long wait;
            while ((wait = slot - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }

        /** Takes the next start slot and returns its time ({@link System#nanoTime()}); the caller waits for it. */
        long reserve() {
            long slot;
            while (true) {
                long now = System.nanoTime();
                long prev = next.get();
                slot = prev - now > 0 ? prev : now;
                if (next.compareAndSet(prev, slot + interval)) {
                    return slot;
                }
            }
        }
    }
}
