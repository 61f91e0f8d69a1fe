package dev.hooks.scenario;

import dev.hooks.send.Authenticator;
import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The player: sends the steps of a {@link PlayPlan} at their times, {@code concurrency} at once and started in order,
 * each request made by {@link ScenarioRequests} when its time comes (so its signature timestamp is fresh), and
 * reports each result as it comes. It never prints.
 */
public final class Playback {
    private Playback() {}

    /** Plays {@code plan} and returns the results in the plan's order. */
    public static List<Played> run(PlayPlan plan, int concurrency, ScenarioRequests requests, HttpTransport transport,
                                   Consumer<Played> listener) {
        List<PlayPlan.Step> steps = plan.steps();
        Played[] results = new Played[steps.size()];
        AtomicInteger next = new AtomicInteger();
        if (!steps.isEmpty()) {
            // Made once and dropped before the clock starts: the first signing loads what it needs (and an OAuth
            // token is fetched), which would otherwise eat into the first recorded gap.
            try {
                requests.request(steps.get(0).delivery());
            } catch (Authenticator.AuthenticationFailed e) {
                // reported when the delivery is sent
            }
        }
        long start = System.nanoTime();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < steps.size()) {
                PlayPlan.Step step = steps.get(i);
                waitUntil(start + step.atNanos());
                Played p = send(step, Duration.ofNanos(System.nanoTime() - start), requests, transport);
                results[i] = p;
                listener.accept(p);
            }
        };
        int threads = Math.min(concurrency, Math.max(1, steps.size()));
        if (threads == 1) {
            worker.run();
        } else {
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(worker, "hooks-play-" + (t + 1));
                thread.setDaemon(true);
                all.add(thread);
                thread.start();
            }
            for (Thread thread : all) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return Arrays.stream(results).filter(java.util.Objects::nonNull).toList();
    }

    private static Played send(PlayPlan.Step step, Duration sentAt, ScenarioRequests requests, HttpTransport transport) {
        Scenario.Delivery d = step.delivery();
        OutgoingRequest request = null;
        Exchange x;
        try {
            request = requests.request(d);
            x = transport.exchange(request);
        } catch (Authenticator.AuthenticationFailed e) {
            x = new Exchange(request, Instant.now(), 0, 0, List.of(), new byte[0],
                    new Exchange.Failure(e.kind(), e.getMessage()));
        }
        List<Scenario.Header> headers = new ArrayList<>();
        OutgoingRequest sent = x.request() != null ? x.request() : request;
        if (sent != null) {
            sent.headers().forEach(h -> headers.add(new Scenario.Header(h.name(), h.value())));
        }
        boolean answered = x.answered();
        return new Played(step.number(), step.index(), d.provider(), d.eventType(), d.eventId(), step.duplicate(), sentAt,
                sent == null ? null : sent.uri().toString(), answered ? x.status() : 0,
                answered ? null : x.failure().message(), answered ? null : x.failure().kind().label(),
                answered || x.failure().reached(), Duration.ofNanos(x.latencyNanos()), headers,
                sent == null ? new byte[0] : sent.body());
    }

    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /**
     * The exit code of a run, as {@code send}'s: 3 when a receiver could not be reached, else 1 when a delivery got
     * no 2xx, else 0.
     */
    public static int exitCode(List<Played> results) {
        boolean unreached = false;
        boolean failed = false;
        for (Played p : results) {
            if (!p.delivered()) {
                failed = true;
                unreached |= !p.reached() && !"auth".equals(p.errorKind());
            }
        }
        return unreached ? 3 : failed ? 1 : 0;
    }
}
