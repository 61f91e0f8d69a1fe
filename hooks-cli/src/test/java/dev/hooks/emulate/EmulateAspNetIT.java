package dev.hooks.emulate;

import static dev.hooks.emulate.EmulatePaismoIT.awaitDeliveries;
import static dev.hooks.emulate.EmulatePaismoIT.deliveries;
import static dev.hooks.emulate.EmulateTealIT.reachedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ASP.NET WebHooks registration model, end to end, for Paycor (bearer token and subscription key) and KeyPay
 * (its registration list and test call): echo check on registration, paused by default where the provider says so,
 * filters, failure, the delivery log and a retry by hand.
 */
class EmulateAspNetIT {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "paycor, /eventsubscriptions/user/registrations, Ocp-Apim-Subscription-Key, Employee.Add, Employee.Update, 8",
        "keypay, /api/v2/webhookregistrations, '', EmployeeCreated, PayRunFinalised, 8"})
    void registerEchoFilterPauseFailAndRetry(String provider, String base, String keyHeader, String wanted,
                                             String other, int failureLimit) {
        String secret = "a-secret-of-thirty-two-characters-at-least";
        try (EmulateRun emu = EmulateRun.start(home, "--provider", provider, "--time-scale", "0.00001");
             ListenRun listen = ListenRun.start(home, "--provider", provider, "--secret", secret, "--no-store")) {
            String[] key = keyHeader.isEmpty() ? new String[0] : new String[] {keyHeader, emu.key};
            if (!keyHeader.isEmpty()) {
                HttpResponse<String> bearerOnly = emu.call("GET", base, null);
                assertThat(bearerOnly.statusCode()).isEqualTo(401);
                assertThat(EmulateRun.json(bearerOnly).path("Message").asText()).contains(keyHeader);
                JsonNode events = EmulateRun.json(emu.call("GET", "/eventsubscriptions/support/v1/events", null, key));
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.path("Entity").asText()).isEqualTo("Employee");
                    assertThat(e.path("Event").asText()).isEqualTo("Add");
                    assertThat(e.path("Description").asText()).isNotEmpty();
                });
            }
            assertThat(emu.anonymous("GET", base, null).statusCode()).isEqualTo(401);

            Map<String, Object> reg = new HashMap<>(Map.of("WebHookUri", listen.url("/webhook").toString(),
                    "Secret", secret, "Description", "test", "Filters", List.of(wanted)));
            HttpResponse<String> bad = emu.call("POST", base, Map.of("Secret", secret), key);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(bad).path("ModelState").has("WebHookUri")).as(bad.body()).isTrue();
            HttpResponse<String> badFilter = emu.call("POST", base, Map.of("WebHookUri", listen.url("/webhook").toString(),
                    "Secret", secret, "Filters", List.of("No.Such")), key);
            assertThat(EmulateRun.json(badFilter).path("ModelState").fieldNames().next()).isEqualTo("Filters[0]");

            HttpResponse<String> created = emu.call("POST", base, reg, key);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain(secret);
            JsonNode r = EmulateRun.json(created);
            String id = r.path("Id").asText();
            // The registration's echo check reached the listener.
            assertThat(listen.awaitLines(1).get(0).path("kind").asText()).isEqualTo("handshake");
            boolean pausedByDefault = provider.equals("paycor");
            assertThat(r.path("IsPaused").asBoolean()).isEqualTo(pausedByDefault);
            if (pausedByDefault) {
                assertThat(reachedBy(emu.emit(null, wanted), id).path("outcome").asText()).isEqualTo("paused");
                reg.put("IsPaused", false);
                HttpResponse<String> put = emu.call("PUT", base + "/" + id, reg, key);
                assertThat(EmulateRun.json(put).path("IsPaused").asBoolean()).as(put.body()).isFalse();
            }
            assertThat(reachedBy(emu.emit(null, wanted), id).path("outcome").asText()).isEqualTo("delivered");
            assertThat(reachedBy(emu.emit(null, other), id).path("outcome").asText()).isEqualTo("filtered");
            HttpResponse<String> test = emu.call("POST", base + "/" + id + "/test", null, key);
            assertThat(EmulateRun.json(test).path("status").asInt()).as(test.body()).isEqualTo(200);
            List<JsonNode> got = awaitDeliveries(listen, 2);
            assertThat(got).extracting(d -> d.path("event_type").asText()).containsExactly(wanted, wanted);
            assertThat(got).allSatisfy(d -> assertThat(d.path("verified").asBoolean()).as("%s", d).isTrue());

            reg.put("IsPaused", true);
            emu.call("PUT", base + "/" + id, reg, key);
            assertThat(reachedBy(emu.emit(null, wanted), id).path("outcome").asText()).isEqualTo("paused");
            reg.put("IsPaused", false);
            emu.call("PUT", base + "/" + id, reg, key);

            JsonNode log = EmulateRun.json(emu.call("GET", base + "/" + id + "/deliveries", null, key)).path("data");
            assertThat(log).hasSize(2);
            HttpResponse<String> retried = emu.call("POST", base + "/" + id + "/deliveries/"
                    + log.get(1).path("id").asText() + "/retry", null, key);
            assertThat(EmulateRun.json(retried).path("status").asInt()).as(retried.body()).isEqualTo(200);
            assertThat(awaitDeliveries(listen, 3)).hasSize(3);
            assertThat(emu.call("GET", base + "/nosuch", null, key).statusCode()).isEqualTo(404);

            try (ListenRun broken = ListenRun.start(home, "--provider", provider, "--secret", secret, "--no-store",
                    "--fail-rate", "1")) {
                Map<String, Object> b = new HashMap<>(Map.of("WebHookUri", broken.url("/webhook").toString(),
                        "Secret", secret, "Filters", List.of(wanted), "IsPaused", false));
                HttpResponse<String> bc = emu.call("POST", base, b, key);
                assertThat(bc.statusCode()).as(bc.body()).isEqualTo(201);
                String brokenId = EmulateRun.json(bc).path("Id").asText();
                List<String> outcomes = new ArrayList<>();
                for (int i = 0; i < failureLimit; i++) {
                    outcomes.add(reachedBy(emu.emit(null, wanted), brokenId).path("outcome").asText());
                }
                assertThat(outcomes).containsOnly("failed");
                JsonNode failed = EmulateRun.json(emu.call("GET", base + "/" + brokenId, null, key));
                assertThat(failed.path("Status").asText()).isEqualTo("failed");
                assertThat(failed.path("IsPaused").asBoolean()).isTrue();
                assertThat(reachedBy(emu.emit(null, wanted), brokenId).path("outcome").asText()).isEqualTo("disabled");
            }
        }
    }
}
