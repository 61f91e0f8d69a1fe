package dev.hooks.emulate;

import static dev.hooks.emulate.EmulatePaismoIT.awaitDeliveries;
import static dev.hooks.emulate.EmulatePaismoIT.deliveries;
import static dev.hooks.emulate.EmulateTealIT.reachedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paxos end to end: registrations through the emulator's own small API, thin deliveries authenticated to the consumer
 * by API key or OAuth, and the full event fetched with a token from the emulator's token endpoint.
 */
class EmulatePaxosIT {
    private static final String TYPE = "transfer.crypto_deposit.completed";

    @TempDir
    Path home;

    private static String token(EmulateRun emu, String secret) {
        String basic = Base64.getEncoder().encodeToString(("hooks-emulator:" + secret).getBytes(StandardCharsets.UTF_8));
        return ListenRun.send(HttpRequest.newBuilder(URI.create(emu.url + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build()).body();
    }

    @Test
    void thinDeliveriesFullEventsOAuthLifecycleAndRetry() throws Exception {
        Path history = home.resolve("listen.db");
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos", "--time-scale", "0.00001");
             ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--api-key-header", "X-Consumer-Key",
                     "--api-key", "consumer-key", "--store", history.toString())) {
            HttpResponse<String> bad = emu.call("POST", "/registrations", Map.of("url", listen.url("/webhook").toString(),
                    "event_types", List.of(TYPE), "auth", Map.of("type", "api_key", "header", "X-Consumer-Key")));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(EmulateRun.json(bad).path("detail").asText()).startsWith("auth.key");

            HttpResponse<String> created = emu.call("POST", "/registrations", Map.of("url", listen.url("/webhook").toString(),
                    "event_types", List.of(TYPE), "auth", Map.of("type", "api_key", "header", "X-Consumer-Key",
                            "key", "consumer-key")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain("consumer-key");
            String id = EmulateRun.json(created).path("id").asText();

            JsonNode emitted = emu.emit(null, TYPE, "details.amount=\"125.50\"");
            assertThat(reachedBy(emitted, id).path("outcome").asText()).isEqualTo("delivered");
            String eventId = emitted.path("event").path("id").asText();
            assertThat(reachedBy(emu.emit(null, "identity.approved"), id).path("outcome").asText()).isEqualTo("filtered");
            List<JsonNode> got = awaitDeliveries(listen, 1);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).path("status").asInt()).isBetween(200, 299);
            CliRun shown = CliRun.run(home, null, "events", "show", got.get(0).path("id").asText(), "--format", "json",
                    "--store", history.toString());
            shown.succeeds();
            JsonNode thin = EmulateRun.JSON.readTree(EmulateRun.JSON.readTree(shown.out()).path("body").asText());
            List<String> fields = new java.util.ArrayList<>();
            thin.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "type", "source", "time", "object");
            assertThat(thin.path("id").asText()).isEqualTo(eventId);

            // The full event, with a token from the emulator's own OAuth endpoint.
            assertThat(EmulateRun.JSON.readTree(token(emu, "wrong")).path("error").asText()).isEqualTo("invalid_client");
            String token = EmulateRun.JSON.readTree(token(emu, emu.key)).path("access_token").asText();
            HttpResponse<String> full = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.url + "/v2/events/" + eventId))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
            assertThat(EmulateRun.json(full).path("details").path("amount").asText()).isEqualTo("125.50");
            assertThat(EmulateRun.json(full).path("type").asText()).isEqualTo(TYPE);
            HttpResponse<String> unknown = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.url + "/v2/events/nope"))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(EmulateRun.json(unknown).path("status").asInt()).isEqualTo(404);
            assertThat(ListenRun.send(HttpRequest.newBuilder(URI.create(emu.url + "/v2/events/" + eventId))
                    .header("Authorization", "Bearer not-a-token").GET().build()).statusCode()).isEqualTo(401);

            // Pause and resume.
            emu.call("PATCH", "/registrations/" + id, Map.of("status", "paused"));
            assertThat(reachedBy(emu.emit(null, TYPE), id).path("outcome").asText()).isEqualTo("paused");
            emu.call("PATCH", "/registrations/" + id, Map.of("status", "active"));
            assertThat(reachedBy(emu.emit(null, TYPE), id).path("outcome").asText()).isEqualTo("delivered");

            // Retry a logged delivery by hand.
            JsonNode log = EmulateRun.json(emu.call("GET", "/registrations/" + id + "/deliveries", null)).path("data");
            assertThat(log).hasSize(2);
            HttpResponse<String> retried = emu.call("POST", "/registrations/" + id + "/deliveries/"
                    + log.get(1).path("id").asText() + "/retry", null);
            assertThat(EmulateRun.json(retried).path("status").asInt()).as(retried.body()).isEqualTo(200);
            assertThat(awaitDeliveries(listen, 3)).hasSize(3);
            emu.call("DELETE", "/registrations/" + id, null);
        }

        // A consumer authenticated by OAuth client credentials, then broken until the registration fails.
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos", "--time-scale", "0.00001");
             ListenRun oauth = ListenRun.start(home, "--provider", "paxos", "--oauth-client-id", "paxos",
                     "--oauth-client-secret", "oauth-secret", "--no-store");
             ListenRun broken = ListenRun.start(home, "--provider", "paxos", "--no-store", "--fail-rate", "1")) {
            String id = EmulateRun.json(emu.call("POST", "/registrations", Map.of("url", oauth.url("/webhook").toString(),
                    "event_types", List.of(TYPE), "auth", Map.of("type", "oauth2", "token_url",
                            oauth.url("/oauth/token").toString(), "client_id", "paxos", "client_secret", "oauth-secret"))))
                    .path("id").asText();
            String brokenId = EmulateRun.json(emu.call("POST", "/registrations", Map.of("url",
                    broken.url("/webhook").toString(), "event_types", List.of("*")))).path("id").asText();
            for (int i = 0; i < 5; i++) {
                JsonNode e = emu.emit(null, TYPE);
                assertThat(reachedBy(e, id).path("outcome").asText()).as("%s", e).isEqualTo("delivered");
                assertThat(reachedBy(e, brokenId).path("outcome").asText()).isEqualTo("failed");
            }
            assertThat(EmulateRun.json(emu.call("GET", "/registrations/" + brokenId, null)).path("status").asText())
                    .isEqualTo("failed");
            assertThat(reachedBy(emu.emit(null, TYPE), brokenId).path("outcome").asText()).isEqualTo("disabled");
            assertThat(awaitDeliveries(oauth, 6)).hasSize(6).allSatisfy(d -> assertThat(d.path("status").asInt()).isEqualTo(200));
        }
    }
}
