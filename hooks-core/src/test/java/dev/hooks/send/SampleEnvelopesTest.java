package dev.hooks.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Splicing fresh values into the sample serialised once gives the bytes rendering the whole tree gives. */
class SampleEnvelopesTest {
    private static final ProviderCatalog PROVIDERS = new ProviderCatalog(List.of());
    private static final SampleCatalog SAMPLES = SampleCatalog.builtIn();

    static Stream<Arguments> everySample() {
        List<Arguments> all = new ArrayList<>();
        for (Profile p : PROVIDERS.all()) {
            for (SampleEvent e : SAMPLES.events(p.samples())) {
                all.add(Arguments.of(p.name(), e.eventType()));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everySample")
    void splicedBodiesAreTheBytesOfTheRenderedTree(String provider, String eventType) {
        same(provider, eventType, List.of(), false);
    }

    @ParameterizedTest(name = "{0} {1} with edits")
    @MethodSource("everySample")
    void splicedBodiesFollowTheEdits(String provider, String eventType) {
        Profile p = PROVIDERS.get(provider);
        same(provider, eventType, List.of("note=\"quote \\\" and ünïcode\"", "count=3"), p.envelope().payload() != null);
    }

    private static void same(String provider, String eventType, List<String> sets, boolean noPayload) {
        Profile p = PROVIDERS.get(provider);
        SampleEvent e = SAMPLES.find(p.samples(), eventType).orElseThrow();
        Clock clock = Clock.fixed(Instant.parse("2026-03-05T14:07:09.123456Z"), ZoneOffset.UTC);
        SampleEnvelopes tree = new SampleEnvelopes(p, SAMPLES, e, new SampleRenderer(clock, new SplittableRandom(7)),
                null, sets, noPayload, false);
        SampleEnvelopes spliced = new SampleEnvelopes(p, SAMPLES, e, new SampleRenderer(clock, new SplittableRandom(7)),
                null, sets, noPayload, true);
        boolean perAttempt = p.envelope().attempt() != null
                && dev.hooks.samples.DottedPath.get(SAMPLES.template(e), p.envelope().attempt()).isPresent();
        assertThat(spliced.spliced()).as("spliced").isEqualTo(!perAttempt);
        for (long n = 1; n <= 4; n++) {
            Envelope a = tree.next(n);
            Envelope b = spliced.next(n);
            assertThat(new String(b.body(1), StandardCharsets.UTF_8)).isEqualTo(new String(a.body(1), StandardCharsets.UTF_8));
            assertThat(b.body(2)).isEqualTo(a.body(2));
            assertThat(b.eventId()).isEqualTo(a.eventId());
            assertThat(b.eventType()).isEqualTo(a.eventType());
            if (p.id().header() == null) {
                assertThat(b.deliveryId()).isNull();
            } else if (p.id().from() != null) {
                assertThat(b.deliveryId()).isEqualTo(a.deliveryId());
            } else {
                assertThat(b.deliveryId()).isNotNull().isNotEqualTo(a.deliveryId());
            }
        }
    }
}
