package dev.hooks.emulate;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the documents write a request differently from the strict reading of their own schemas: each spelling the
 * documents show is accepted by the emulator, over real HTTP.
 */
class EmulateDocumentsIT {
    @TempDir
    Path home;

    @Test
    void tealTakesIncludePayloadAsTheDocumentsStringOrABoolean() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal")) {
            Map<String, Object> body = new HashMap<>(Map.of("events", List.of("user-payroll-submitted"), "name", "n",
                    "url", "http://127.0.0.1:9/hook"));
            for (Object given : List.of("true", "false", true, false)) {
                body.put("include_payload", given);
                HttpResponse<String> r = emu.call("POST", "/webhooks", body);
                assertThat(r.statusCode()).as("include_payload %s: %s", given, r.body()).isEqualTo(201);
                assertThat(EmulateRun.json(r).path("include_payload").asBoolean())
                        .isEqualTo(Boolean.parseBoolean(given.toString()));
            }
            body.put("include_payload", "yes");
            HttpResponse<String> bad = emu.call("POST", "/webhooks", body);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(bad).path("field").asText()).isEqualTo("include_payload");
        }
    }

    @Test
    void paycorBindsFieldNamesWhateverTheirCaseAndTakesCommaDelimitedFilters() {
        String secret = "a-secret-of-thirty-two-characters-at-least";
        String base = "/eventsubscriptions/user/registrations";
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paycor", "--time-scale", "0.00001");
             ListenRun listen = ListenRun.start(home, "--provider", "paycor", "--secret", secret, "--no-store")) {
            String[] key = {"Ocp-Apim-Subscription-Key", emu.key};
            String url = listen.url("/webhook").toString();
            List<String> ids = new ArrayList<>();
            for (String uri : List.of("webhookUri", "WebhookUri", "WEBHOOKURI")) {
                HttpResponse<String> r = emu.call("POST", base, Map.of(uri, url, "secret", secret,
                        "isPaused", false, "filters", "Employee.Add, Employee.Update"), key);
                assertThat(r.statusCode()).as("%s: %s", uri, r.body()).isEqualTo(201);
                JsonNode reg = EmulateRun.json(r);
                assertThat(reg.path("WebHookUri").asText()).isEqualTo(url);
                assertThat(reg.path("IsPaused").asBoolean()).isFalse();
                assertThat(reg.path("Filters")).extracting(JsonNode::asText)
                        .containsExactly("Employee.Add", "Employee.Update");
                ids.add(reg.path("Id").asText());
            }
            HttpResponse<String> twice = emu.call("POST", base, Map.of("WebHookUri", url, "webhookuri", url,
                    "Secret", secret), key);
            assertThat(twice.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(twice).path("ModelState").has("WebHookUri")).as(twice.body()).isTrue();
            HttpResponse<String> unknown = emu.call("POST", base, Map.of("WebHookUri", url, "Secret", secret,
                    "Filters", "Employee.Add,No.Such"), key);
            assertThat(EmulateRun.json(unknown).path("ModelState").has("Filters[1]")).as(unknown.body()).isTrue();

            // The filters bind: the selected event reaches all three (signed with the secret given as "secret"),
            // another does not.
            JsonNode add = emu.emit(null, "Employee.Add");
            ids.forEach(id -> assertThat(reachedBy(add, id).path("outcome").asText()).as("%s", add).isEqualTo("delivered"));
            JsonNode other = emu.emit(null, "Employee.Terminate");
            ids.forEach(id -> assertThat(reachedBy(other, id).path("outcome").asText()).isEqualTo("filtered"));
        }
    }

    @Test
    void paxosKeepsAndShowsTheRegistrationsEnvironment() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos")) {
            HttpResponse<String> created = emu.call("POST", "/registrations", Map.of("url", "http://127.0.0.1:9/hook",
                    "event_types", List.of("*"), "environment", "Prod"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = EmulateRun.json(created).path("id").asText();
            assertThat(EmulateRun.json(created).path("environment").asText()).isEqualTo("Prod");
            assertThat(EmulateRun.json(emu.call("GET", "/registrations/" + id, null)).path("environment").asText())
                    .isEqualTo("Prod");
            assertThat(EmulateRun.json(emu.call("GET", "/registrations", null)).get(0).path("environment").asText())
                    .isEqualTo("Prod");
            assertThat(EmulateRun.json(emu.call("PATCH", "/registrations/" + id, Map.of("environment", "sandbox")))
                    .path("environment").asText()).isEqualTo("Sandbox");
            HttpResponse<String> bad = emu.call("POST", "/registrations", Map.of("url", "http://127.0.0.1:9/hook",
                    "event_types", List.of("*"), "environment", "Staging"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(bad).path("detail").asText()).startsWith("environment must be Sandbox or Prod");
        }
    }

    @Test
    void paxosGetEventAnswersTheEventAsMadeTheDocumentsFiveFieldsPlusWhatTheEmitSet() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos")) {
            String plain = emu.emit(null, "identity.approved").path("event").path("id").asText();
            JsonNode event = EmulateRun.json(emu.call("GET", "/v2/events/" + plain, null));
            List<String> fields = new ArrayList<>();
            event.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "type", "source", "time", "object");
            assertThat(event.path("id").asText()).isEqualTo(plain);
            String edited = emu.emit(null, "identity.approved", "identity_id=\"id_1\"").path("event").path("id").asText();
            assertThat(EmulateRun.json(emu.call("GET", "/v2/events/" + edited, null)).path("identity_id").asText())
                    .isEqualTo("id_1");
        }
    }

    @Test
    void paismoVerifyTakesNoTokenOfTheCallersAndRefusesOne() {
        String secret;
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paismo")) {
            JsonNode created = EmulateRun.json(emu.call("POST", "/v1/webhooks", Map.of("url", "http://127.0.0.1:9/x",
                    "event_types", List.of("employee.created"))));
            String id = created.path("id").asText();
            secret = created.path("signing_secret").asText();
            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store")) {
                emu.call("PATCH", "/v1/webhooks/" + id, Map.of("url", listen.url("/webhook").toString()));
                HttpResponse<String> withToken = emu.call("POST", "/v1/webhooks/" + id + "/verify",
                        Map.of("token", "v_tok_mine"));
                assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(400);
                assertThat(EmulateRun.json(withToken).path("error").path("field").asText()).isEqualTo("body");
                assertThat(EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id, null)).path("status").asText())
                        .isEqualTo("pending_verification");
                JsonNode verified = EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", "{}"));
                assertThat(verified.path("status").asText()).as("%s", verified).isEqualTo("active");
                assertThat(listen.awaitLines(1).get(0).path("kind").asText()).isEqualTo("handshake");
            }
        }
    }
}
