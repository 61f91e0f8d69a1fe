package dev.hooks.testing;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random inputs for property tests run as JUnit parameterized tests: {@code @MethodSource} gives a stream of
 * {@link #tries}, each one source of random values with its own seed, shown in the test's name so a failure can be
 * repeated. The seeds follow from one base seed, fixed so every run checks the same inputs; set
 * {@code -Dhooks.test.seed=N} to check others. The first two tries of every property take the smallest and the
 * largest sizes asked for, where properties most often break.
 */
public final class RandomInputs {
    /** The base seed; {@code -Dhooks.test.seed} changes it. */
    public static final long BASE_SEED = Long.getLong("hooks.test.seed", 0x5EED_2026L);

    private final int index;
    private final int count;
    private final long seed;
    private final Random random;

    private RandomInputs(int index, int count, long seed) {
        this.index = index;
        this.count = count;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** {@code count} sources of random values, the first two at the edges of every size. */
    public static Stream<RandomInputs> tries(int count) {
        SplittableRandom seeds = new SplittableRandom(BASE_SEED);
        long[] each = seeds.longs(count).toArray();
        return IntStream.range(0, count).mapToObj(i -> new RandomInputs(i, count, each[i]));
    }

    /** A size from 0 to {@code max}: 0 on the first try, {@code max} on the second. */
    public int size(int max) {
        return index == 0 ? 0 : index == 1 ? max : random.nextInt(max + 1);
    }

    /** From 0 to {@code max} random bytes (see {@link #size}). */
    public byte[] bytes(int max) {
        return exactly(size(max));
    }

    /** Exactly {@code n} random bytes. */
    public byte[] exactly(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** An int from {@code min} to {@code max}, both included. */
    public int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /**
     * A string of up to {@code max} code points drawn from every kind JSON and the signature schemes treat
     * differently: ASCII letters, control characters, quotes and backslashes, Latin and other BMP characters,
     * and characters outside the BMP (surrogate pairs).
     */
    public String text(int max) {
        int length = size(max);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(6)) {
                case 0 -> between(0x20, 0x7e);
                case 1 -> between(0x00, 0x1f);
                case 2 -> oneOf(List.of((int) '"', (int) '\\', (int) '/', 0x7f));
                case 3 -> between(0x80, 0x7ff);
                case 4 -> random.nextBoolean() ? between(0x800, 0xd7ff) : between(0xe000, 0xfffd);
                default -> between(0x10000, 0x10ffff);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "try " + (index + 1) + " of " + count + " (seed " + seed + ")";
    }
}
