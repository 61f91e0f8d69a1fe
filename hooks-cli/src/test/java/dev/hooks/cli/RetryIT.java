package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.ReceivedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks send --retry}: the provider's schedule, compressed, as the independent receiver sees it. */
class RetryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** keypay's schedule: immediate, then 1, 2, 4, 8, 15, 30 and 60 minutes. */
    private static final long[] KEYPAY_MINUTES = {0, 1, 2, 4, 8, 15, 30, 60};

    @TempDir
    Path home;

    @Test
    void twoFailuresThenSuccessMakeThreeAttemptsCountingUpAtTheScaledSchedule() throws Exception {
        double scale = 0.002; // a minute becomes 120 ms
        try (IndependentReceiver receiver = IndependentReceiver.builder("keypay").secret("s3cret").script(500, 500).start()) {
            CliRun run = CliRun.run(home, null, "send", "EmployeeUpdated", "--provider", "keypay", "--secret", "s3cret",
                    "--to", receiver.url("/hooks"), "--retry", "--time-scale", Double.toString(scale));
            run.succeeds();
            List<ReceivedRequest> got = receiver.awaitRequests(3, Duration.ofSeconds(20));
            Thread.sleep(300);
            assertThat(receiver.requests()).hasSize(3);
            assertThat(got).extracting(ReceivedRequest::status).containsExactly(500, 500, 200);
            String id = null;
            for (int i = 0; i < 3; i++) {
                ReceivedRequest r = got.get(i);
                assertThat(r.verified()).as("attempt %d verified: %s", i + 1, r).isTrue();
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("Attempt").asInt()).isEqualTo(i + 1);
                if (id == null) {
                    id = body.get("Id").asText();
                }
                assertThat(body.get("Id").asText()).as("the same work item on every attempt").isEqualTo(id);
            }
            assertGap(got.get(0), got.get(1), 1 * 60_000 * scale);
            assertGap(got.get(1), got.get(2), 2 * 60_000 * scale);
            assertThat(run.out()).contains("attempt 1/8: 500").contains("attempt 3/8: 200 OK").contains("delivered on attempt 3");
        }
    }

    @Test
    void aReceiverThatAlwaysFailsSeesExactlyTheSchedulesAttempts() throws Exception {
        double scale = 0.0002; // keypay's two hours become 1.44 s
        int[] failures = IntStream.generate(() -> 500).limit(12).toArray();
        try (IndependentReceiver receiver = IndependentReceiver.builder("keypay").secret("s3cret").script(failures).start()) {
            CliRun run = CliRun.run(home, null, "send", "EmployeeCreated", "--provider", "keypay", "--secret", "s3cret",
                    "--to", receiver.url("/hooks"), "--retry", "--time-scale", Double.toString(scale), "--format", "json");
            run.exits(1);
            List<ReceivedRequest> got = receiver.awaitRequests(8, Duration.ofSeconds(20));
            Thread.sleep(500);
            assertThat(receiver.requests()).hasSize(KEYPAY_MINUTES.length);
            for (int i = 1; i < got.size(); i++) {
                assertThat(JSON.readTree(got.get(i).body()).get("Attempt").asInt()).isEqualTo(i + 1);
                assertGap(got.get(i - 1), got.get(i), KEYPAY_MINUTES[i] * 60_000 * scale);
            }
            List<JsonNode> lines = SendIT.jsonLines(run.out());
            assertThat(lines).hasSize(8);
            assertThat(lines.get(7).get("outcome").asText()).isEqualTo("failed");
            assertThat(lines.get(0).get("next_attempt_in_ms").asLong()).isEqualTo(Math.round(60_000 * scale));
            assertThat(run.err()).contains("the delivery failed");
        }
    }

    @Test
    void goneStopsRetrying() {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paycor").secret("s3cret").script(500, 410, 500).start()) {
            CliRun run = CliRun.run(home, null, "send", "Employee.Add", "--provider", "paycor", "--secret", "s3cret",
                    "--to", receiver.url("/hooks"), "--retry", "--time-scale", "0.0001");
            run.exits(1);
            receiver.awaitRequests(2, Duration.ofSeconds(10));
            sleep(400);
            assertThat(receiver.requests()).extracting(ReceivedRequest::status).containsExactly(500, 410);
            assertThat(run.out()).contains("410 Gone").contains("410 stops retries");
        }
    }

    @Test
    void keypayRetriesGoneLikeEveryOtherFailureAsItsDocumentSays() {
        int[] gone = IntStream.generate(() -> 410).limit(7).toArray();
        try (IndependentReceiver receiver = IndependentReceiver.builder("keypay").secret("s3cret").script(gone).start()) {
            CliRun run = CliRun.run(home, null, "send", "EmployeeCreated", "--provider", "keypay", "--secret", "s3cret",
                    "--to", receiver.url("/hooks"), "--retry", "--time-scale", "0.0001");
            run.succeeds();
            List<ReceivedRequest> got = receiver.awaitRequests(8, Duration.ofSeconds(20));
            assertThat(got).extracting(ReceivedRequest::status).containsExactly(410, 410, 410, 410, 410, 410, 410, 200);
            assertThat(run.out()).contains("delivered on attempt 8").doesNotContain("stops retries");
        }
    }

    @Test
    void connectionErrorsAreRetriedAndExitThree() {
        CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s",
                "--to", "http://127.0.0.1:9/nothing-listens", "--retry", "--time-scale", "0.00001");
        run.exits(3);
        assertThat(run.out()).contains("attempt 1/6: connect error").contains("attempt 6/6: connect error")
                .contains("gave up after 6 attempts");
    }

    @Test
    void paismoSubscriptionFailsAfterFiveConsecutiveFailedDeliveries() {
        int[] failures = IntStream.generate(() -> 500).limit(60).toArray();
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").script(failures).start()) {
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/hooks"), "--retry", "--time-scale", "0.000005", "--count", "7");
            run.exits(1);
            receiver.awaitRequests(30, Duration.ofSeconds(20));
            sleep(300);
            assertThat(receiver.requests()).as("5 deliveries of 6 attempts, then nothing").hasSize(30);
            assertThat(run.out()).contains("subscription paismo: failed after 5 consecutive failed deliveries (limit 5)")
                    .contains("2 deliveries not sent");
            assertThat(run.err()).contains("the subscription is failed");
        }
    }

    private static void assertGap(ReceivedRequest before, ReceivedRequest after, double expectedMs) {
        long gap = after.atMs() - before.atMs();
        assertThat(gap).as("gap before %s", after).isBetween(Math.round(expectedMs) - 5, Math.round(expectedMs) + 400);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
