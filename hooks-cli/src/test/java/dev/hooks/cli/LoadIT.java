package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.ReceivedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks send --count/--concurrency/--rate/--duration}: many freshly signed deliveries and their summary. */
class LoadIT {
    @TempDir
    Path home;

    @Test
    void everyDeliveryIsFreshAndSignedAndTheSummaryCountsThem() {
        int n = 300;
        try (IndependentReceiver receiver = IndependentReceiver.builder("standard-webhooks")
                .secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").script(503, 503, 503).start()) {
            CliRun run = CliRun.run(home, null, "send", "payroll.completed", "--provider", "standard-webhooks",
                    "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--to", receiver.url("/load"),
                    "--count", Integer.toString(n), "--concurrency", "8");
            run.exits(1);
            List<ReceivedRequest> got = receiver.awaitRequests(n, Duration.ofSeconds(30));
            assertThat(got).hasSize(n);
            Set<String> ids = new HashSet<>();
            for (ReceivedRequest r : got) {
                assertThat(r.verified()).as("%s", r).isTrue();
                ids.add(r.header("webhook-id"));
            }
            assertThat(ids).hasSize(n);
            assertThat(run.out()).contains("sent 300 deliveries in 300 attempts").contains("concurrency 8")
                    .contains("req/s").contains("delivered 297, failed 3").contains("p50").contains("p99")
                    .contains("max").contains("200 ×297").contains("503 ×3");
            assertThat(run.out()).doesNotContain("attempt 1:");
            assertThat(run.err()).contains("3 of 300 deliveries failed").doesNotContain("\r");
        }
    }

    @Test
    void jsonPrintsEveryAttemptThenTheSummary() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("github").secret("s").start()) {
            CliRun run = CliRun.run(home, null, "send", "push", "--provider", "github", "--secret", "s",
                    "--to", receiver.url("/gh"), "--count", "20", "--concurrency", "4", "--format", "json");
            run.succeeds();
            List<JsonNode> lines = SendIT.jsonLines(run.out());
            assertThat(lines).hasSize(21);
            assertThat(lines.subList(0, 20)).allSatisfy(l -> assertThat(l.get("type").asText()).isEqualTo("attempt"));
            JsonNode summary = lines.get(20);
            assertThat(summary.get("type").asText()).isEqualTo("summary");
            assertThat(summary.get("deliveries").asInt()).isEqualTo(20);
            assertThat(summary.get("delivered").asInt()).isEqualTo(20);
            assertThat(summary.get("statuses").get("200").asInt()).isEqualTo(20);
            assertThat(summary.get("latency_ms").get("p99").asDouble()).isPositive();
            assertThat(summary.get("requests_per_second").asDouble()).isPositive();
            assertThat(receiver.awaitRequests(20, Duration.ofSeconds(10))).allSatisfy(r -> assertThat(r.verified()).isTrue());
        }
    }

    @Test
    void rateAndDurationBoundTheRun() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("slack").secret("s").start()) {
            CliRun run = CliRun.run(home, null, "send", "app_mention", "--provider", "slack", "--secret", "s",
                    "--to", receiver.url("/slack"), "--rate", "40/s", "--duration", "1s", "--concurrency", "4",
                    "--format", "json");
            run.succeeds();
            List<JsonNode> lines = SendIT.jsonLines(run.out());
            JsonNode summary = lines.get(lines.size() - 1);
            assertThat(summary.get("deliveries").asInt()).isBetween(30, 45);
            assertThat(summary.get("seconds").asDouble()).isBetween(0.9, 3.0);
        }
    }

    @Test
    void unreachableLoadCountsErrorsByKind() throws Exception {
        CliRun run = CliRun.run(home, null, "send", "app_mention", "--provider", "slack", "--secret", "s",
                "--to", "http://127.0.0.1:9/", "--count", "5", "--concurrency", "2");
        run.exits(3);
        assertThat(run.out()).contains("errors").contains("connect ×5");
    }
}
