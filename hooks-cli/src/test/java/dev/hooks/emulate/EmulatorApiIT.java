package dev.hooks.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator as a whole: its API description, several providers at once, its history, and hooks trigger. */
class EmulatorApiIT {
    private static final List<String> ALL = List.of("paismo", "teal", "paycor", "paxos", "keypay");

    @TempDir
    Path home;

    private Emulator start(List<String> names) {
        ProviderCatalog catalog = new ProviderCatalog(List.of());
        List<Profile> profiles = names.stream().map(catalog::get).toList();
        return Emulator.start(new Emulator.Settings(profiles, "127.0.0.1", 0, "k", 1, Duration.ZERO,
                home.resolve("history.db"), SampleCatalog.builtIn()));
    }

    private static TreeSet<String> documented(JsonNode doc) {
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> e = p.next();
            e.getValue().fieldNames().forEachRemaining(m -> out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + e.getKey()));
        }
        return out;
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesServed() {
        for (List<String> names : List.of(ALL, List.of("paismo"), List.of("paxos", "teal"))) {
            try (Emulator emu = start(names)) {
                HttpResponse<String> r = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/openapi.json"))
                        .GET().build());
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode doc = EmulateRun.json(r);
                assertThat(doc.path("openapi").asText()).startsWith("3.");
                assertThat(documented(doc)).as("%s", names).isEqualTo(new TreeSet<>(emu.routes()));
                // Every documented route is answered by the emulator itself (a JSON answer), never the router's 404/405.
                for (String route : documented(doc)) {
                    String method = route.substring(0, route.indexOf(' '));
                    String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[a-z_]+}", "x");
                    HttpResponse<String> a = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
                            .header("Authorization", "Bearer k").header("Ocp-Apim-Subscription-Key", "k")
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                    assertThat(a.statusCode()).as(route).isNotEqualTo(405);
                    if (a.statusCode() != 204) {
                        assertThat(a.headers().firstValue("Content-Type").orElse("")).as(route + " " + a.body())
                                .contains("json");
                    }
                }
            }
        }
    }

    @Test
    void severalProvidersEachUnderTheirName() {
        try (Emulator emu = start(List.of("paismo", "teal"))) {
            HttpResponse<String> paismo = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl()
                    + "/paismo/v1/webhooks")).header("Authorization", "Bearer k").GET().build());
            assertThat(EmulateRun.json(paismo).path("data").isArray()).isTrue();
            HttpResponse<String> teal = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl()
                    + "/teal/webhooks")).header("X-API-KEY", "k").GET().build());
            assertThat(EmulateRun.json(teal).isArray()).isTrue();
            assertThat(ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/v1/webhooks"))
                    .header("Authorization", "Bearer k").GET().build()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void subscriptionsOutliveTheEmulatorButTheirSecretsAreNeverWritten() throws Exception {
        String id;
        String secret;
        try (Emulator emu = start(List.of("teal"))) {
            HttpResponse<String> r = ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/webhooks"))
                    .header("X-API-KEY", "k").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"user-payroll-submitted\"],\"name\":\"n\","
                            + "\"url\":\"http://127.0.0.1:9/x\",\"signing_secret\":\"never-on-disk-7f3a\"}")).build());
            id = EmulateRun.json(r).path("id").asText();
            secret = "never-on-disk-7f3a";
        }
        for (Path f : Files.list(home).toList()) {
            assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f)
                    .doesNotContain(secret);
        }
        try (Emulator emu = start(List.of("teal"))) {
            JsonNode list = EmulateRun.json(ListenRun.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/webhooks"))
                    .header("X-API-KEY", "k").GET().build()));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("id").asText()).isEqualTo(id);
            assertThat(list.get(0).path("status").asText()).isEqualTo("failed");
            assertThat(list.get(0).path("status_reason").asText()).contains("register it again");
        }
    }

    @Test
    void aFailedVerificationLeavesThePaismoSubscriptionPendingAndSaysWhy() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paismo");
             ListenRun wrong = ListenRun.start(home, "--provider", "teal", "--no-verify", "--no-store")) {
            String id = EmulateRun.json(emu.call("POST", "/v1/webhooks", Map.of("url", wrong.url("/webhook").toString(),
                    "event_types", List.of("employee.created")))).path("id").asText();
            JsonNode v = EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", null));
            assertThat(v.path("status").asText()).isEqualTo("pending_verification");
            assertThat(v.path("verification").path("passed").asBoolean()).isFalse();
            assertThat(v.path("verification").path("reason").asText()).isNotEmpty();
        }
    }

    @Test
    void anAspNetRegistrationWhoseUrlDoesNotEchoIsRefusedUnlessItSaysNoecho() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "keypay");
             ListenRun wrong = ListenRun.start(home, "--provider", "paismo", "--no-verify", "--no-store")) {
            HttpResponse<String> r = emu.call("POST", "/api/v2/webhookregistrations", Map.of("WebHookUri",
                    wrong.url("/webhook").toString(), "Secret", "s3cret-s3cret-s3cret-s3cret-s3cret"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(EmulateRun.json(r).path("ModelState").path("WebHookUri").get(0).asText()).contains("echo");
            HttpResponse<String> skipped = emu.call("POST", "/api/v2/webhookregistrations", Map.of("WebHookUri",
                    wrong.url("/webhook?noecho=1").toString(), "Secret", "s3cret-s3cret-s3cret-s3cret-s3cret"));
            assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(201);
        }
    }

    @Test
    void triggerPrintsALinePerSubscriptionAndExitsByTheOutcome() throws Exception {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos", "--time-scale", "0.00001");
             ListenRun ok = ListenRun.start(home, "--provider", "paxos", "--no-store");
             ListenRun broken = ListenRun.start(home, "--provider", "paxos", "--no-store", "--fail-rate", "1")) {
            emu.call("POST", "/registrations", Map.of("url", ok.url("/webhook").toString(), "event_types", List.of("*")));
            CliRun one = CliRun.run(home, null, "trigger", "identity.approved", "--emulator", emu.url);
            one.succeeds();
            assertThat(one.out()).contains("delivered").contains("HTTP 200");
            emu.call("POST", "/registrations", Map.of("url", broken.url("/webhook").toString(),
                    "event_types", List.of("identity.approved")));
            CliRun json = CliRun.run(home, null, "trigger", "identity.approved", "--emulator", emu.url, "--format", "json");
            assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
            JsonNode answer = EmulateRun.JSON.readTree(json.out());
            List<String> outcomes = new ArrayList<>();
            answer.path("reached").forEach(r -> outcomes.add(r.path("outcome").asText()));
            assertThat(outcomes).containsExactly("delivered", "failed");
            CliRun filtered = CliRun.run(home, null, "trigger", "identity.denied", "--emulator", emu.url);
            filtered.succeeds();
            assertThat(filtered.out()).contains("filtered");
            CliRun unknown = CliRun.run(home, null, "trigger", "no.such.event", "--emulator", emu.url);
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("no.such.event");
        }
        CliRun down = CliRun.run(home, null, "trigger", "identity.approved", "--emulator", "http://127.0.0.1:9");
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.err()).contains("could not reach the emulator");
    }

    @Test
    void emulateRefusesAProviderWithoutAnEmulateSection() {
        CliRun r = CliRun.run(home, null, "emulate", "--provider", "stripe", "--port", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot be emulated").contains("paismo");
    }
}
