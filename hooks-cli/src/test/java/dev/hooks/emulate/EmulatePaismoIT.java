package dev.hooks.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paismo's management API, end to end against a real {@code hooks listen}, driven as a user's code would drive it. */
class EmulatePaismoIT {
    @TempDir
    Path home;

    static List<JsonNode> deliveries(ListenRun listen) {
        return listen.lines().stream().filter(l -> l.path("kind").asText().equals("delivery")).toList();
    }

    /** The deliveries a listener printed, once there are at least {@code n} and a moment has passed for any extra. */
    static List<JsonNode> awaitDeliveries(ListenRun listen, int n) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (deliveries(listen).size() < n && System.nanoTime() < deadline) {
            EmulateRun.sleep(20);
        }
        EmulateRun.sleep(200);
        return deliveries(listen);
    }

    static JsonNode only(JsonNode emitted) {
        assertThat(emitted.path("reached")).as("%s", emitted).hasSize(1);
        return emitted.path("reached").get(0);
    }

    @Test
    void registerVerifyFilterPauseFailAndRetry() throws Exception {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paismo", "--time-scale", "0.00001")) {
            // Credentials and bad bodies get Paismo's errors.
            HttpResponse<String> anon = emu.anonymous("GET", "/v1/webhooks", null);
            assertThat(anon.statusCode()).isEqualTo(401);
            assertThat(EmulateRun.json(anon).path("error").path("code").asText()).isEqualTo("unauthorized");
            HttpResponse<String> bad = emu.call("POST", "/v1/webhooks", Map.of("event_types", List.of("employee.created")));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(bad).path("error").path("field").asText()).isEqualTo("url");
            assertThat(emu.call("GET", "/v1/webhooks/wh_nope", null).statusCode()).isEqualTo(404);

            HttpResponse<String> created = emu.call("POST", "/v1/webhooks", Map.of("url", "http://127.0.0.1:9/none",
                    "event_types", List.of(
                            Map.of("type", "payroll.updated", "filters", Map.of("match", Map.of("field", "status", "value", "CLOSED"))),
                            Map.of("type", "employee.updated", "filters", Map.of("fields", List.of("status"))))));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode sub = EmulateRun.json(created);
            assertThat(sub.path("status").asText()).isEqualTo("pending_verification");
            String id = sub.path("id").asText();
            String secret = sub.path("signing_secret").asText();
            assertThat(secret).isNotEmpty();
            assertThat(emu.call("GET", "/v1/webhooks/" + id, null).body()).doesNotContain(secret);

            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store")) {
                String hook = listen.url("/webhook").toString();
                assertThat(emu.call("PATCH", "/v1/webhooks/" + id, Map.of("url", hook)).statusCode()).isEqualTo(200);
                // Nothing is sent before verification.
                assertThat(only(emu.emit(null, "employee.updated")).path("outcome").asText()).isEqualTo("pending_verification");
                JsonNode verified = EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", null));
                assertThat(verified.path("status").asText()).as("%s", verified).isEqualTo("active");

                // Two events match the filters, two do not.
                CliRun closed = CliRun.run(home, null, "trigger", "payroll.updated", "--emulator", emu.url,
                        "--set", "data.status=CLOSED");
                closed.succeeds();
                assertThat(closed.out()).contains("delivered").contains(id);
                assertThat(only(emu.emit(null, "payroll.updated")).path("outcome").asText()).isEqualTo("filtered");
                Path data = home.resolve("first-name-only.json");
                java.nio.file.Files.writeString(data, "{\"employee_id\": \"emp_1\", \"first_name\": \"Dan\","
                        + " \"status\": \"ACTIVE\", \"changed_fields\": [\"first_name\"]}");
                CliRun firstName = CliRun.run(home, null, "trigger", "employee.updated", "--emulator", emu.url,
                        "--data-file", data.toString(), "--format", "json");
                firstName.succeeds();
                assertThat(EmulateRun.JSON.readTree(firstName.out()).path("reached").get(0).path("outcome").asText())
                        .isEqualTo("filtered");
                JsonNode updated = only(emu.emit(null, "employee.updated"));
                assertThat(updated.path("outcome").asText()).isEqualTo("delivered");
                assertThat(updated.path("status").asInt()).isEqualTo(200);

                List<JsonNode> got = awaitDeliveries(listen, 2);
                assertThat(got).extracting(d -> d.path("event_type").asText())
                        .containsExactlyInAnyOrder("payroll.updated", "employee.updated");
                assertThat(got).allSatisfy(d -> assertThat(d.path("verified").asBoolean()).as("%s", d).isTrue());
                JsonNode log = EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data");
                assertThat(log).hasSize(2);
                assertThat(log).allSatisfy(a -> {
                    assertThat(a.path("status").asInt()).isEqualTo(200);
                    assertThat(a.has("time") && a.has("latency_ms") && a.has("error") && a.has("event_id")).isTrue();
                });

                // Paused: nothing sent or queued; resumed: delivered again.
                assertThat(EmulateRun.json(emu.call("PATCH", "/v1/webhooks/" + id, Map.of("status", "paused")))
                        .path("status").asText()).isEqualTo("paused");
                assertThat(only(emu.emit(null, "employee.updated")).path("outcome").asText()).isEqualTo("paused");
                assertThat(emu.call("PATCH", "/v1/webhooks/" + id, Map.of("status", "sleeping")).statusCode()).isEqualTo(400);
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("status", "active"));
                assertThat(only(emu.emit(null, "employee.updated")).path("outcome").asText()).isEqualTo("delivered");
                assertThat(awaitDeliveries(listen, 3)).hasSize(3);
            }

            // A receiver that fails everything: after five failed deliveries (each retried on the schedule) the
            // subscription is failed and nothing more is sent.
            try (ListenRun broken = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store",
                    "--fail-rate", "1")) {
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("url", broken.url("/webhook").toString()));
                assertThat(EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", null)).path("status")
                        .asText()).isEqualTo("active");
                for (int i = 0; i < 5; i++) {
                    JsonNode r = only(emu.emit(null, "employee.updated"));
                    assertThat(r.path("outcome").asText()).as("%s", r).isEqualTo("failed");
                    assertThat(r.path("attempts").asInt()).isEqualTo(6);
                }
                JsonNode failed = EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id, null));
                assertThat(failed.path("status").asText()).isEqualTo("failed");
                assertThat(only(emu.emit(null, "employee.updated")).path("outcome").asText()).isEqualTo("disabled");
                CliRun trig = CliRun.run(home, null, "trigger", "employee.created", "--emulator", emu.url);
                assertThat(trig.exitCode()).isZero();
            }

            // A logged failed delivery retried by hand, now that the receiver works again.
            JsonNode log = EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data");
            JsonNode failedAttempt = null;
            for (JsonNode a : log) {
                if (a.path("status").asInt() == 500) {
                    failedAttempt = a;
                    break;
                }
            }
            assertThat(failedAttempt).as("%s", log).isNotNull();
            try (ListenRun again = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store")) {
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("url", again.url("/webhook").toString()));
                emu.call("POST", "/v1/webhooks/" + id + "/verify", null);
                HttpResponse<String> retried = emu.call("POST", "/v1/webhooks/" + id + "/deliveries/"
                        + failedAttempt.path("id").asText() + "/retry", null);
                assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
                assertThat(EmulateRun.json(retried).path("status").asInt()).isEqualTo(200);
                assertThat(EmulateRun.json(retried).path("event_id").asText()).isEqualTo(failedAttempt.path("event_id").asText());
                JsonNode line = awaitDeliveries(again, 1).get(0);
                assertThat(line.path("event_type").asText()).isEqualTo("employee.updated");
                assertThat(line.path("verified").asBoolean()).isTrue();
                assertThat(line.path("event_id").asText()).isEqualTo(failedAttempt.path("event_id").asText());
                assertThat(emu.call("POST", "/v1/webhooks/" + id + "/deliveries/del_unknown/retry", null).statusCode())
                        .isEqualTo(404);
            }

            // Retention: 90 days on the emulator's clock.
            assertThat(EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data")).isNotEmpty();
            emu.anonymous("POST", "/_emulator/clock", Map.of("advance", "91d"));
            assertThat(EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data")).isEmpty();
        }
    }
}
