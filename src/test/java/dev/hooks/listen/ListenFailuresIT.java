package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated failures, for testing a provider's retries. Paxos is unsigned, so no oracle is needed here. */
class ListenFailuresIT {
    static final byte[] EVENT = "{\"id\":\"evt_1\",\"type\":\"identity.approved\"}".getBytes(StandardCharsets.UTF_8);
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @TempDir
    Path home;

    @Test
    void failFirstThenSucceed() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--fail-first", "2", "--fail-status", "503")) {
            assertThat(listen.post("/webhook", EVENT, JSON).statusCode()).isEqualTo(503);
            HttpResponse<String> second = listen.post("/webhook", EVENT, JSON);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).contains("simulated failure 2 of 2");
            assertThat(listen.post("/webhook", EVENT, JSON).statusCode()).isEqualTo(200);
            assertThat(listen.awaitLines(3)).extracting(n -> n.get("simulated").asBoolean()).containsExactly(true, true, false);
            assertThat(listen.lines().get(2).get("duplicate").asBoolean()).isTrue(); // the retry of the same event
        }
    }

    @Test
    void statusRateAndDelay() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--status", "410", "--no-store")) {
            assertThat(listen.post("/webhook", EVENT, JSON).statusCode()).isEqualTo(410);
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--fail-rate", "1", "--no-store")) {
            for (int i = 0; i < 3; i++) {
                assertThat(listen.post("/webhook", EVENT, JSON).statusCode()).isEqualTo(500);
            }
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--delay", "300ms", "--no-store")) {
            long t = System.nanoTime();
            assertThat(listen.post("/webhook", EVENT, JSON).statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - t) / 1_000_000).isGreaterThanOrEqualTo(300);
            assertThat(listen.awaitLines(1).get(0).get("latency_ms").asDouble()).isGreaterThanOrEqualTo(300);
        }
    }
}
