package dev.hooks.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented field names and their order (README, "--format json" and "hooks events export"). */
class DeliveryFieldsTest {
    private static StoredDelivery.Builder delivery() {
        return StoredDelivery.builder().seq(7).id("d_7k2m9q4r8t1v").receivedAt(Instant.EPOCH).provider("paismo")
                .method("POST").path("/webhook").header("Content-Type", "application/json")
                .body("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).status(200).latencyMicros(1234)
                .verification("{\"valid\":true}");
    }

    @Test
    void theSummaryHasTheDocumentedFieldsInOrder() {
        Map<String, Object> m = DeliveryFields.summary(delivery().build(), 1234);
        assertThat(m.keySet()).containsExactly("id", "seq", "received_at", "kind", "provider", "method", "path",
                "event_type", "event_id", "verified", "reason", "duplicate", "status", "latency_ms", "body_bytes",
                "decrypted", "forwarded_to", "forward_status", "forward_error");
        assertThat(m.get("latency_ms")).isEqualTo(1.23);
        assertThat(DeliveryFields.summary(delivery().seq(0).build(), 0).get("seq")).isNull();
    }

    @Test
    void theExportLineAddsTheDetailFieldsInOrder() throws Exception {
        StoredDelivery d = delivery().decrypted(new byte[] {'{', '}'}).responseBody(new byte[] {(byte) 0xff}).build();
        assertThat(DeliveryFields.full(d).keySet()).containsExactly("id", "seq", "received_at", "kind", "provider",
                "method", "path", "event_type", "event_id", "verified", "reason", "duplicate", "status", "latency_ms",
                "body_bytes", "decrypted", "forwarded_to", "forward_status", "forward_error", "schema", "schema_errors",
                "query", "headers", "body",
                "plaintext", "verification", "response_headers", "response_body_base64", "replay_of");
        assertThat(new ObjectMapper().writeValueAsString(DeliveryFields.full(d)))
                .contains("\"headers\":[[\"Content-Type\",\"application/json\"]],\"body\":\"{\\\"a\\\":1}\"")
                .contains("\"verification\":{\"valid\":true}")
                .contains("\"response_body_base64\":\"/w==\"")
                .contains("\"schema\":\"none\",\"schema_errors\":[]");
    }
}
