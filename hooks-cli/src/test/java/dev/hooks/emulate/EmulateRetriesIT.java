package dev.hooks.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries already on the schedule when a subscription stops being active: not sent, and the deliveries log says so.
 * The schedule is scaled so that Paismo's one-minute retry falls due six seconds after the first attempt.
 */
class EmulateRetriesIT {
    @TempDir
    Path home;

    /** POST /_emulator/emit without waiting for the deliveries: the first attempt runs, its retry is scheduled. */
    static void emitNoWait(EmulateRun emu, String event) {
        HttpResponse<String> r = emu.anonymous("POST", "/_emulator/emit", Map.of("event", event, "wait", "0s"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode log(EmulateRun emu, String path, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode log = EmulateRun.json(emu.call("GET", path, null)).path("data");
        while (log.size() < atLeast && System.nanoTime() < deadline) {
            EmulateRun.sleep(50);
            log = EmulateRun.json(emu.call("GET", path, null)).path("data");
        }
        return log;
    }

    @Test
    void aRetryDueWhileTheSubscriptionIsPausedIsNotSentAndTheLogSaysWhy() throws Exception {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paismo", "--time-scale", "0.1")) {
            HttpResponse<String> created = emu.call("POST", "/v1/webhooks", Map.of("url", "http://127.0.0.1:9/none",
                    "event_types", List.of(Map.of("type", "employee.updated"))));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = EmulateRun.json(created).path("id").asText();
            String secret = EmulateRun.json(created).path("signing_secret").asText();
            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store",
                    "--fail-first", "1")) {
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("url", listen.url("/webhook").toString()));
                assertThat(EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", null)).path("status")
                        .asText()).isEqualTo("active");

                emitNoWait(emu, "employee.updated");
                assertThat(EmulatePaismoIT.awaitDeliveries(listen, 1)).hasSize(1);
                assertThat(EmulateRun.json(emu.call("PATCH", "/v1/webhooks/" + id, Map.of("status", "paused")))
                        .path("status").asText()).isEqualTo("paused");

                // The retry falls due while paused: logged as not sent, and nothing reaches the receiver.
                JsonNode log = log(emu, "/v1/webhooks/" + id + "/deliveries", 2);
                assertThat(log).as("%s", log).hasSize(2);
                JsonNode second = log.get(0);
                assertThat(second.path("attempt").asInt()).isEqualTo(2);
                assertThat(second.path("outcome").asText()).isEqualTo("abandoned");
                assertThat(second.path("status").asInt()).isZero();
                assertThat(second.path("error").asText()).contains("not sent").contains("paused");
                assertThat(log.get(1).path("outcome").asText()).isEqualTo("retrying");
                assertThat(log.get(1).path("status").asInt()).isEqualTo(500);
                EmulateRun.sleep(500);
                assertThat(EmulatePaismoIT.deliveries(listen)).hasSize(1);

                // Resumed: a new event is delivered; the abandoned retry stays unsent.
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("status", "active"));
                JsonNode again = EmulatePaismoIT.only(emu.emit(null, "employee.updated"));
                assertThat(again.path("outcome").asText()).as("%s", again).isEqualTo("delivered");
                List<JsonNode> got = EmulatePaismoIT.awaitDeliveries(listen, 2);
                assertThat(got).hasSize(2);
                assertThat(got.get(0).path("event_id").asText()).isNotEqualTo(got.get(1).path("event_id").asText());
            }
        }
    }

    @Test
    void retriesScheduledWhenTheEmulatorStopsAreResumedOrLoggedAbandonedOnRestart() throws Exception {
        try (ListenRun plain = ListenRun.start(home, "--provider", "teal", "--no-verify", "--no-store", "--fail-first", "1");
             ListenRun signed = ListenRun.start(home, "--provider", "teal", "--no-verify", "--no-store", "--fail-first", "1")) {
            String plainId;
            String signedId;
            try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal", "--time-scale", "0.1")) {
                plainId = EmulateRun.json(emu.call("POST", "/webhooks", Map.of("events", List.of("user-payroll-submitted"),
                        "name", "plain", "url", plain.url("/webhook").toString()))).path("id").asText();
                signedId = EmulateRun.json(emu.call("POST", "/webhooks", Map.of("events", List.of("user-payroll-submitted"),
                        "name", "signed", "url", signed.url("/webhook").toString(), "signing_secret", "s3cret")))
                        .path("id").asText();
                emitNoWait(emu, "user-payroll-submitted");
                assertThat(log(emu, "/webhooks/" + plainId + "/deliveries", 1).get(0).path("outcome").asText())
                        .isEqualTo("retrying");
                assertThat(log(emu, "/webhooks/" + signedId + "/deliveries", 1).get(0).path("outcome").asText())
                        .isEqualTo("retrying");
            }
            // Stopped before the retries fell due; started again on the same history.
            assertThat(EmulatePaismoIT.deliveries(plain)).hasSize(1);
            try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal", "--time-scale", "0.1")) {
                List<JsonNode> got = EmulatePaismoIT.awaitDeliveries(plain, 2);
                assertThat(got).hasSize(2);
                assertThat(got.get(1).path("event_type").asText()).isEqualTo("user-payroll-submitted");
                assertThat(got.get(1).path("status").asInt()).as("%s", got.get(1)).isEqualTo(200);
                JsonNode plainLog = log(emu, "/webhooks/" + plainId + "/deliveries", 2);
                assertThat(plainLog.get(0).path("attempt").asInt()).isEqualTo(2);
                assertThat(plainLog.get(0).path("outcome").asText()).isEqualTo("delivered");
                assertThat(plainLog.get(0).path("event_id").asText()).isEqualTo(plainLog.get(1).path("event_id").asText());

                // The signed one came back failed (its secret is never stored): its retry is abandoned, not sent.
                JsonNode signedLog = log(emu, "/webhooks/" + signedId + "/deliveries", 2);
                assertThat(signedLog).as("%s", signedLog).hasSize(2);
                assertThat(signedLog.get(0).path("attempt").asInt()).isEqualTo(2);
                assertThat(signedLog.get(0).path("outcome").asText()).isEqualTo("abandoned");
                assertThat(signedLog.get(0).path("error").asText()).contains("not sent").contains("register it again");
                assertThat(EmulatePaismoIT.deliveries(signed)).hasSize(1);
            }
            // Nothing is left on the schedule: a third start sends and logs nothing more.
            try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal", "--time-scale", "0.1")) {
                EmulateRun.sleep(500);
                assertThat(EmulateRun.json(emu.call("GET", "/webhooks/" + signedId + "/deliveries", null)).path("data"))
                        .hasSize(2);
                assertThat(EmulatePaismoIT.deliveries(plain)).hasSize(2);
            }
        }
    }
}
