package dev.hooks.scenario;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The order and times a scenario is played in: the recorded order, reversed or shuffled; duplicates inserted; each
 * send time the recorded time of its slot scaled, plus jitter. Everything random comes from one seed, so a run is
 * repeated exactly by giving its seed again.
 *
 * <p>Reordering keeps the recorded rhythm: the n-th delivery sent goes at the recorded time of the n-th recorded
 * one. A duplicate goes right after the delivery it copies or, at random, right after a later one.
 *
 * @param steps what to send, in the order it is sent
 * @param seed  the seed used, or null when nothing was random
 */
public record PlayPlan(List<Step> steps, Long seed) {
    /**
     * One delivery to send.
     *
     * @param number    its place in the run, from 1
     * @param index     its place in the scenario file, from 1
     * @param delivery  what is sent
     * @param atNanos   when to send it, after the run's start
     * @param duplicate whether it is a second sending of a delivery already in the run
     */
    public record Step(int number, int index, Scenario.Delivery delivery, long atNanos, boolean duplicate) {}

    private static final SecureRandom SEEDS = new SecureRandom();

    public PlayPlan {
        steps = List.copyOf(steps);
    }

    /** The plan for {@code scenario} under {@code options}. */
    public static PlayPlan of(Scenario scenario, PlayOptions options) {
        List<Scenario.Delivery> recorded = scenario.deliveries();
        int n = recorded.size();
        Long seed = options.random() ? (options.seed() != null ? options.seed() : SEEDS.nextLong() & Long.MAX_VALUE) : null;
        Random random = new Random(seed == null ? 0 : seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (options.reverse()) {
            Collections.reverse(order);
        }
        if (options.shuffle()) {
            Collections.shuffle(order, random);
        }
        record Slot(int index, long atMs, boolean duplicate) {}
        List<List<Slot>> copiesAfter = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            copiesAfter.add(new ArrayList<>());
        }
        if (options.duplicateRate() > 0) {
            for (int p = 0; p < n; p++) {
                if (random.nextDouble() < options.duplicateRate()) {
                    int after = random.nextBoolean() ? p : p + random.nextInt(n - p);
                    copiesAfter.get(after).add(new Slot(order.get(p), recorded.get(after).atMs(), true));
                }
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            slots.add(new Slot(order.get(p), recorded.get(p).atMs(), false));
            slots.addAll(copiesAfter.get(p));
        }
        long jitterNanos = options.jitter() == null ? 0 : options.jitter().toNanos();
        record Timed(Slot slot, long atNanos) {}
        List<Timed> timed = new ArrayList<>();
        for (Slot s : slots) {
            long at = Math.round(s.atMs() * options.timeScale() * 1_000_000d);
            if (jitterNanos > 0) {
                at += (long) (random.nextDouble() * jitterNanos);
            }
            timed.add(new Timed(s, at));
        }
        timed.sort(Comparator.comparingLong(Timed::atNanos)); // stable: equal times keep their order
        List<Step> steps = new ArrayList<>();
        for (Timed t : timed) {
            steps.add(new Step(steps.size() + 1, t.slot().index() + 1, recorded.get(t.slot().index()), t.atNanos(),
                    t.slot().duplicate()));
        }
        return new PlayPlan(steps, seed);
    }
}
