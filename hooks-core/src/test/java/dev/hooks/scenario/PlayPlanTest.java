package dev.hooks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlayPlanTest {
    private static final long MS = 1_000_000;

    /** Deliveries ev-1 … ev-n recorded at the given times. */
    private static Scenario recordedAt(long... atMs) {
        List<Scenario.Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < atMs.length; i++) {
            deliveries.add(new Scenario.Delivery(atMs[i], "paismo", "employee.updated", "ev-" + (i + 1), "POST",
                    "/paismo", null, List.of(), ("{\"n\":" + (i + 1) + "}").getBytes(StandardCharsets.UTF_8), false));
        }
        return new Scenario(deliveries);
    }

    private static PlayOptions options(double timeScale, boolean shuffle, boolean reverse, double duplicate, Long seed) {
        return new PlayOptions(timeScale, shuffle, reverse, duplicate, null, 1, seed);
    }

    private static List<Long> times(PlayPlan plan) {
        return plan.steps().stream().map(PlayPlan.Step::atNanos).toList();
    }

    private static List<Integer> indexes(PlayPlan plan) {
        return plan.steps().stream().map(PlayPlan.Step::index).toList();
    }

    @Test
    void theTimeScaleKeepsCompressesOrDropsTheRecordedGaps() {
        Scenario s = recordedAt(0, 400, 1000, 1000);
        assertThat(times(PlayPlan.of(s, options(1, false, false, 0, null))))
                .containsExactly(0L, 400 * MS, 1000 * MS, 1000 * MS);
        assertThat(times(PlayPlan.of(s, options(0.1, false, false, 0, null))))
                .containsExactly(0L, 40 * MS, 100 * MS, 100 * MS);
        PlayPlan now = PlayPlan.of(s, PlayOptions.defaults());
        assertThat(times(now)).containsOnly(0L);
        assertThat(indexes(now)).containsExactly(1, 2, 3, 4);
        assertThat(now.seed()).as("nothing random, no seed to print").isNull();
    }

    @Test
    void reorderingKeepsTheRecordedRhythm() {
        PlayPlan reversed = PlayPlan.of(recordedAt(0, 400, 1000), options(1, false, true, 0, null));
        assertThat(indexes(reversed)).containsExactly(3, 2, 1);
        assertThat(times(reversed)).containsExactly(0L, 400 * MS, 1000 * MS);
        assertThat(reversed.steps().get(0).delivery().eventId()).isEqualTo("ev-3");
    }

    @Test
    void aSeedGivesTheSameShuffleAndDuplicatesEveryTime() {
        Scenario s = recordedAt(0, 0, 0, 0, 0, 0, 0, 0);
        PlayPlan a = PlayPlan.of(s, options(0, true, false, 0.5, 99L));
        PlayPlan b = PlayPlan.of(s, options(0, true, false, 0.5, 99L));
        assertThat(a.seed()).isEqualTo(99L);
        assertThat(indexes(b)).isEqualTo(indexes(a));
        assertThat(b.steps().stream().map(PlayPlan.Step::duplicate).toList())
                .isEqualTo(a.steps().stream().map(PlayPlan.Step::duplicate).toList());
        assertThat(indexes(PlayPlan.of(s, options(0, true, false, 0.5, 100L)))).isNotEqualTo(indexes(a));
        assertThat(PlayPlan.of(s, options(0, true, false, 0, null)).seed()).as("a fresh seed, to print").isNotNull();
    }

    @Test
    void duplicateOneSendsEveryDeliveryAgainNeverBeforeItself() {
        PlayPlan plan = PlayPlan.of(recordedAt(0, 100, 200, 300, 400), options(1, true, false, 1, 5L));
        assertThat(plan.steps()).hasSize(10);
        assertThat(plan.steps()).filteredOn(PlayPlan.Step::duplicate).hasSize(5);
        Set<Integer> sent = new HashSet<>();
        for (PlayPlan.Step step : plan.steps()) {
            assertThat(sent.contains(step.index())).as("step %s", step.number()).isEqualTo(step.duplicate());
            sent.add(step.index());
        }
        assertThat(plan.steps()).extracting(PlayPlan.Step::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
}
