package dev.hooks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listings read the summary columns only: the bodies stay on disk, their lengths come from SQLite. */
class DeliverySummaryTest {
    @TempDir
    Path dir;

    @Test
    void summariesCarryEverySummaryFieldAndTheBodyLengthButNoBody() {
        byte[] big = new byte[3 * 1024 * 1024];
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("h.db"))) {
            StoredDelivery saved = store.save(StoredDelivery.builder().receivedAt(Instant.parse("2024-01-01T00:00:00Z"))
                    .kind(StoredDelivery.DELIVERY).provider("paismo").method("POST").path("/webhook").query("a=1")
                    .headers(List.of(new StoredDelivery.Header("X-A", "1"))).body(big).eventType("employee.created")
                    .eventId("evt_1").verified(true).reason("ok").verification("{\"valid\":true}")
                    .decrypted("{\"plain\":1}".getBytes(StandardCharsets.UTF_8)).status(200)
                    .responseHeaders(List.of(new StoredDelivery.Header("Content-Type", "text/plain")))
                    .responseBody("ok\n".getBytes(StandardCharsets.UTF_8)).latencyMicros(1234).build());
            List<DeliverySummary> rows = store.listSummaries(Query.all());
            assertThat(rows).hasSize(1);
            DeliverySummary s = rows.get(0);
            assertThat(s.bodyBytes()).isEqualTo(big.length);
            assertThat(s.row().bodyLength()).isZero();
            assertThat(s.row().headers()).isEmpty();
            assertThat(s.row().responseBody()).isEmpty();
            assertThat(s.row().verification()).isNull();
            Map<String, Object> summary = DeliveryFields.summary(s);
            assertThat(summary).isEqualTo(DeliveryFields.summary(saved, saved.latencyMicros()));
            assertThat(summary.get("body_bytes")).isEqualTo(big.length);
        }
    }
}
