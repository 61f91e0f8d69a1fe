package dev.hooks;

import dev.hooks.scenario.Played;
import java.util.List;

/**
 * What {@link PlayRequest#to} did: each delivery's result in the order it was sent.
 *
 * @param deliveries every delivery sent, duplicates included, in the order sent
 * @param seed       the seed of the run's random choices (shuffle, duplicates, jitter), to repeat it; null when none
 */
public record PlayResult(List<Played> deliveries, Long seed) {
    public PlayResult {
        deliveries = List.copyOf(deliveries);
    }

    /** Whether every delivery got a 2xx answer. */
    public boolean allDelivered() {
        return deliveries.stream().allMatch(Played::delivered);
    }

    /** The HTTP statuses answered, in the order sent (0 where no answer came). */
    public List<Integer> statuses() {
        return deliveries.stream().map(Played::status).toList();
    }

    @Override
    public String toString() {
        return (seed == null ? "" : "seed " + seed + ": ") + deliveries;
    }
}
