package dev.hooks.emulate;

import static dev.hooks.emulate.EmulatePaismoIT.awaitDeliveries;
import static dev.hooks.emulate.EmulatePaismoIT.deliveries;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teal's /webhooks, end to end: signed and encrypted deliveries without the payload, filters, lifecycle, retry. */
class EmulateTealIT {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    @TempDir
    Path home;

    static JsonNode reachedBy(JsonNode emitted, String id) {
        for (JsonNode r : emitted.path("reached")) {
            if (r.path("subscription").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("subscription " + id + " not reached: " + emitted);
    }

    @Test
    void encryptedSignedWithoutPayloadPausedFailedAndRetried() throws Exception {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal", "--time-scale", "0.00001");
             ListenRun listen = ListenRun.start(home, "--provider", "teal", "--secret", "s3cret", "--encryption-key", KEY,
                     "--no-store")) {
            HttpResponse<String> wrong = emu.anonymous("GET", "/webhooks", null);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(EmulateRun.json(wrong).has("detail")).isTrue();
            HttpResponse<String> byHeader = ListenRun.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(emu.url + "/webhooks")).header("X-API-KEY", emu.key).GET().build());
            assertThat(byHeader.statusCode()).isEqualTo(200);

            Map<String, Object> body = new java.util.HashMap<>(Map.of("events", List.of("user-payroll-submitted"),
                    "name", "payroll", "url", listen.url("/webhook").toString(), "signing_secret", "s3cret",
                    "encryption_key", KEY, "include_payload", false));
            Map<String, Object> badKey = new java.util.HashMap<>(body);
            badKey.put("encryption_key", "c2hvcnQ=");
            HttpResponse<String> bad = emu.call("POST", "/webhooks", badKey);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(bad).path("field").asText()).isEqualTo("encryption_key");
            Map<String, Object> noName = new java.util.HashMap<>(body);
            noName.remove("name");
            assertThat(EmulateRun.json(emu.call("POST", "/webhooks", noName)).path("field").asText()).isEqualTo("name");

            HttpResponse<String> created = emu.call("POST", "/webhooks", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = EmulateRun.json(created).path("id").asText();
            assertThat(created.body()).doesNotContain("s3cret").doesNotContain(KEY);

            assertThat(reachedBy(emu.emit(null, "user-payroll-submitted"), id).path("outcome").asText()).isEqualTo("delivered");
            List<JsonNode> got = awaitDeliveries(listen, 1);
            assertThat(got).hasSize(1);
            JsonNode d = got.get(0);
            assertThat(d.path("verified").asBoolean()).as("%s", d).isTrue();
            assertThat(d.path("decrypted").asBoolean()).as("%s", d).isTrue();
            assertThat(d.path("plaintext").toString()).contains("user-payroll-submitted").doesNotContain("payload");

            emu.call("PATCH", "/webhooks/" + id, Map.of("status", "paused"));
            assertThat(reachedBy(emu.emit(null, "user-payroll-submitted"), id).path("outcome").asText()).isEqualTo("paused");
            emu.call("PATCH", "/webhooks/" + id, Map.of("status", "active"));
            assertThat(reachedBy(emu.emit(null, "user-payroll-submitted"), id).path("outcome").asText()).isEqualTo("delivered");

            JsonNode log = EmulateRun.json(emu.call("GET", "/webhooks/" + id + "/deliveries", null)).path("data");
            assertThat(log).hasSize(2);
            HttpResponse<String> retried = emu.call("POST", "/webhooks/" + id + "/deliveries/"
                    + log.get(1).path("id").asText() + "/retry", null);
            assertThat(EmulateRun.json(retried).path("status").asInt()).as(retried.body()).isEqualTo(200);
            assertThat(awaitDeliveries(listen, 3)).hasSize(3);

            Path brokenHistory = home.resolve("broken.db");
            try (ListenRun broken = ListenRun.start(home, "--provider", "teal", "--no-verify", "--store",
                    brokenHistory.toString(), "--fail-rate", "1")) {
                HttpResponse<String> b = emu.call("POST", "/webhooks", Map.of("events", List.of("user-payroll-submitted"),
                        "name", "broken", "url", broken.url("/webhook").toString()));
                String brokenId = EmulateRun.json(b).path("id").asText();
                for (int i = 0; i < 5; i++) {
                    assertThat(reachedBy(emu.emit(null, "user-payroll-submitted"), brokenId).path("outcome").asText())
                            .isEqualTo("failed");
                }
                assertThat(EmulateRun.json(emu.call("GET", "/webhooks/" + brokenId, null)).path("status").asText())
                        .isEqualTo("failed");
                // Registered without signing_secret or encryption_key: unsigned, in the clear.
                dev.hooks.cli.CliRun shown = dev.hooks.cli.CliRun.run(home, null, "events", "show",
                        deliveries(broken).get(0).path("id").asText(), "--format", "json", "--store", brokenHistory.toString());
                shown.succeeds();
                JsonNode detail = EmulateRun.JSON.readTree(shown.out());
                assertThat(detail.path("headers").toString()).doesNotContainIgnoringCase("X-Teal-Signature")
                        .doesNotContainIgnoringCase("X-Teal-Encryption-IV");
                assertThat(detail.path("body").asText()).contains("user-payroll-submitted");
                assertThat(reachedBy(emu.emit(null, "user-payroll-submitted"), brokenId).path("outcome").asText())
                        .isEqualTo("disabled");
                assertThat(emu.call("DELETE", "/webhooks/" + brokenId, null).statusCode()).isEqualTo(204);
                HttpResponse<String> gone = emu.call("DELETE", "/webhooks/" + brokenId, null);
                assertThat(gone.statusCode()).isEqualTo(404);
                assertThat(EmulateRun.json(gone).path("detail").asText()).contains(brokenId);
            }
            assertThat(EmulateRun.json(emu.call("GET", "/webhooks", null))).hasSize(1);
        }
    }
}
