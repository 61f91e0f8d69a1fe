package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void delayedAnswersHoldNoThreads() throws InterruptedException {
        // More held deliveries than the listener has request threads: the inspector still answers while they wait.
        int held = 100;
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--delay", "3s")) {
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < held; i++) {
                byte[] event = ("{\"id\":\"evt_" + i + "\",\"type\":\"identity.approved\"}").getBytes(StandardCharsets.UTF_8);
                posts.add(ListenRun.HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen.port() + "/webhook"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(1000); // the deliveries have arrived and are being held
            HttpResponse<String> page = listen.inspector("/_hooks/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(posts).as("answered before the delay was over").noneMatch(CompletableFuture::isDone);
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                assertThat(post.join().statusCode()).isEqualTo(200);
            }
            assertThat(listen.awaitLines(held)).allSatisfy(n -> assertThat(n.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(3000));
        }
    }
}
