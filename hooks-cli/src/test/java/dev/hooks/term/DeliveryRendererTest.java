package dev.hooks.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.StoredDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line and detail printed per delivery by {@code hooks listen}: columns that hold, quiet unless verbose. */
class DeliveryRendererTest {
    private final DeliveryRenderer renderer = new DeliveryRenderer(new Ansi(false));

    private static StoredDelivery.Builder delivery(String provider, String type) {
        return StoredDelivery.builder().id("d_06bbahen23x474fw").seq(1).receivedAt(Instant.parse("2026-12-02T04:42:26Z"))
                .provider(provider).eventType(type).eventId("evt_1").verified(true).status(200).latencyMicros(1500);
    }

    @Test
    void theStatusColumnStartsAtTheSamePlaceForLongProvidersAndEventTypes() {
        List<String> lines = List.of(
                renderer.line(delivery("paismo", "employee.updated").build(), null),
                renderer.line(delivery("standard-webhooks", "invoice.paid").build(), null),
                renderer.line(delivery("paxos", "transfer.crypto_deposit.completed.with.a.long.tail").build(), null));
        List<Integer> at = lines.stream().map(l -> l.indexOf("evt_1")).distinct().toList();
        assertThat(at).as("%s", String.join("\n", lines)).hasSize(1);
        assertThat(lines.get(1)).contains("standard-webhooks");
        assertThat(lines.get(2)).contains("transfer.cryp").contains("a.long.tail").contains("…");
    }

    @Test
    void aDecryptedBodyIsOneLineWithoutVerboseAndWholeWithIt() {
        byte[] plaintext = "{\"id\":\"1\",\"data\":{\"a\":1,\"b\":[1,2,3],\"c\":{\"d\":\"e\"}}}".getBytes(StandardCharsets.UTF_8);
        StoredDelivery d = delivery("teal", "user-payroll-submitted").decrypted(plaintext).build();
        List<String> quiet = renderer.detail(d, false);
        assertThat(quiet).hasSize(1);
        assertThat(quiet.get(0)).contains("decrypted " + plaintext.length + " bytes").doesNotContain("\"data\"");
        assertThat(String.join("\n", renderer.detail(d, true))).contains("decrypted (" + plaintext.length
                + " bytes, as decrypted)", new String(plaintext, StandardCharsets.UTF_8));
        assertThat(String.join("\n", renderer.detail(d, true, true))).contains("pretty-printed", "\"d\" : \"e\"");
    }

    @Test
    void latenciesOfTenSecondsAndMoreAreInSeconds() {
        assertThat(DeliveryRenderer.latency(60_007_000)).isEqualTo("60.0s");
        assertThat(DeliveryRenderer.latency(9_999_000)).isEqualTo("9999ms");
        assertThat(DeliveryRenderer.latency(1_500)).isEqualTo("1.5ms");
        assertThat(DeliveryRenderer.latency(999)).isEqualTo("999µs");
    }
}
