package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.ReceivedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks events replay}: a delivery recorded by listen, sent again as recorded or re-signed, and recorded. */
class ReplayIT {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path home;

    @Test
    void replaysAsRecordedAndResignedAndRecordsTheReplays() throws Exception {
        Path store = home.resolve("history.db");
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "standard-webhooks", "--secret", SECRET,
                "--store", store.toString())) {
            CliRun.run(home, null, "send", "payroll.completed", "--provider", "standard-webhooks", "--secret", SECRET,
                    "--to", listen.url("/webhook").toString()).succeeds();
            id = listen.awaitLines(1).get(0).get("id").asText();
        }
        try (IndependentReceiver receiver = IndependentReceiver.builder("standard-webhooks").secret(SECRET).start()) {
            CliRun asIs = CliRun.run(home, null, "events", "replay", id, "--store", store.toString(),
                    "--to", receiver.url("/again"), "--format", "json");
            asIs.succeeds();
            CliRun resigned = CliRun.run(home, null, "events", "replay", id, "--store", store.toString(),
                    "--to", receiver.url("/again"), "--resign", "--secret", SECRET);
            resigned.succeeds();
            assertThat(resigned.out()).contains("re-signed").contains("200 OK").contains("recorded as");
            List<ReceivedRequest> got = receiver.awaitRequests(2, Duration.ofSeconds(10));
            assertThat(got).allSatisfy(r -> assertThat(r.verified()).as("%s", r).isTrue());
            assertThat(got.get(0).body()).isEqualTo(got.get(1).body());
            assertThat(got.get(1).header("webhook-id")).isNotEqualTo(got.get(0).header("webhook-id"));
            assertThat(got.get(1).header("webhook-signature")).isNotEqualTo(got.get(0).header("webhook-signature"));
            JsonNode replay = SendIT.jsonLines(asIs.out()).get(0);
            assertThat(replay.get("replay_of").asText()).isEqualTo(id);
            assertThat(replay.get("status").asInt()).isEqualTo(200);
        }
        CliRun list = CliRun.run(home, null, "events", "list", "--store", store.toString(), "--kind", "replay",
                "--format", "json");
        list.succeeds();
        assertThat(SendIT.jsonLines(list.out())).hasSize(2);
    }

    @Test
    void aResignedPaismoReplayHasFreshIdsAndTimestampInTheEnvelopeAndTheEventIdHeader() throws Exception {
        Path store = home.resolve("history.db");
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret", "--store",
                store.toString())) {
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", listen.url("/webhook").toString()).succeeds();
            id = listen.awaitLines(1).get(0).get("id").asText();
        }
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").start()) {
            CliRun.run(home, null, "events", "replay", id, "--store", store.toString(), "--to", receiver.url("/as-is"))
                    .succeeds();
            Thread.sleep(5); // the envelope's timestamp has millisecond precision
            CliRun.run(home, null, "events", "replay", id, "--store", store.toString(), "--to", receiver.url("/again"),
                    "--resign", "--secret", "s3cret").succeeds();
            List<ReceivedRequest> got = receiver.awaitRequests(2, Duration.ofSeconds(10));
            assertThat(got).allSatisfy(r -> assertThat(r.verified()).as("%s", r).isTrue());
            JsonNode before = new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.get(0).body());
            JsonNode after = new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.get(1).body());

            for (String field : List.of("id", "event_id", "timestamp")) {
                assertThat(after.get(field).asText()).as(field).isNotEqualTo(before.get(field).asText());
            }
            assertThat(after.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(after.get("id").asText()).matches("[0-9a-f-]{36}");
            assertThat(got.get(1).header("X-Paismo-Event-Id")).isEqualTo(after.get("event_id").asText())
                    .isNotEqualTo(got.get(0).header("X-Paismo-Event-Id"));
            assertThat(got.get(1).header("X-Paismo-Signature")).isNotEqualTo(got.get(0).header("X-Paismo-Signature"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) before).remove(List.of("id", "event_id", "timestamp"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) after).remove(List.of("id", "event_id", "timestamp"));
            assertThat(after).as("everything else as recorded").isEqualTo(before);
            assertThat(got.get(1).bodyText()).as("compact, in the recorded order").startsWith("{\"id\":\"");

            // The history records each replay under the event id it carried: the fresh one when re-signed.
            List<JsonNode> rows = SendIT.jsonLines(CliRun.run(home, null, "events", "list", "--store", store.toString(),
                    "--kind", "replay", "--format", "json").succeeds().out());
            assertThat(rows).extracting(r -> r.get("event_id").asText())
                    .containsExactlyInAnyOrder(got.get(0).header("X-Paismo-Event-Id"), got.get(1).header("X-Paismo-Event-Id"));
        }
    }

    @Test
    void unknownIdsAndUnreachableTargets() throws Exception {
        Path store = home.resolve("history.db");
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--store", store.toString())) {
            CliRun.run(home, null, "send", "identity.approved", "--provider", "paxos", "--to",
                    listen.url("/webhook").toString()).succeeds();
            id = listen.awaitLines(1).get(0).get("id").asText();
        }
        CliRun.run(home, null, "events", "replay", "d_nosuchthing", "--store", store.toString(), "--to",
                "http://127.0.0.1:9/").exits(2);
        CliRun down = CliRun.run(home, null, "events", "replay", id, "--store", store.toString(), "--to",
                "http://127.0.0.1:9/");
        down.exits(3);
        assertThat(down.err()).contains("connect error");
    }
}
