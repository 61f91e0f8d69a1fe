package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.listen.ListenRun;
import dev.hooks.schema.EventSchemas;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks providers import}: a profile, schemas and samples from an OpenAPI 3.1 or AsyncAPI 2.6 / 3.0 spec. */
class ProvidersImportIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path home;

    private static Path spec(String name) {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/resources/specs/" + name);
    }

    @Test
    void theOpenApiSpecificationsWebhookExampleBecomesAProviderThatReceivesItsOwnSend() throws Exception {
        Path out = home.resolve("providers");
        CliRun imported = CliRun.run(home, "", "providers", "import", spec("webhook-example.yaml").toString(),
                "-o", out.toString(), "--name", "pets").succeeds();
        assertThat(imported.out()).contains("imported pets from OpenAPI 3.1.0: 1 event (newPet), signed as standard-webhooks")
                .contains("made from the schema");
        try (ListenRun listen = ListenRun.start(home, "--providers-dir", out.toString(), "--provider", "pets",
                "--secret", SECRET, "--no-store")) {
            CliRun.run(home, null, "send", "newPet", "--providers-dir", out.toString(), "--samples-dir", out.toString(),
                    "--provider", "pets", "--secret", SECRET, "--to", listen.url("/webhook").toString()).succeeds();
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.get("verified").asBoolean()).as("%s", line).isTrue();
            assertThat(line.get("event_type").asText()).isEqualTo("newPet");
            assertThat(line.get("schema").asText()).as("%s", line).isEqualTo("valid");
        }
        CliRun bad = CliRun.run(home, "{\"id\": 7}", "validate", "--providers-dir", out.toString(), "--provider", "pets",
                "--event-type", "newPet").exits(1);
        assertThat(bad.out()).contains("/name: required property 'name' not found");
        CliRun.run(home, "{\"id\": 7, \"name\": \"Rex\"}", "validate", "--providers-dir", out.toString(),
                "--provider", "pets", "-t", "newPet").succeeds();
    }

    @Test
    void asyncApi26And30MessagesBecomeEventsWithTheirExamplesAndTheirTypeField() throws Exception {
        Path out = home.resolve("providers");
        CliRun.run(home, "", "providers", "import", spec("asyncapi-2.6.yaml").toString(), "-o", out.toString())
                .succeeds();
        Profile payroll = new ProviderCatalog(List.of(out)).get("acme-payroll-events");
        assertThat(payroll.schemas().keySet()).containsExactly("payroll.approved", "payroll.closed");
        assertThat(payroll.envelope().eventType()).as("the field every payload fixes to its event's name").isEqualTo("type");
        JsonNode approved = JSON.readTree(out.resolve("acme-payroll-events/payroll.approved.json").toFile());
        assertThat(approved.get("approved_by").asText()).as("the spec's example").isEqualTo("usr_9");
        EventSchemas schemas = EventSchemas.of(payroll);
        assertThat(schemas.check(null, approved.toString().getBytes()).verdict()).isEqualTo(SchemaResult.VALID);
        assertThat(schemas.check(null, "{\"type\":\"payroll.approved\",\"payroll_id\":\"p\"}".getBytes()).errors())
                .extracting(e -> e.pointer()).containsExactly("/approved_by");
        CliRun.run(home, "", "samples", "show", "payroll.closed", "--samples-dir", out.toString(), "--providers-dir",
                out.toString(), "--provider", "acme-payroll-events").succeeds();

        CliRun three = CliRun.run(home, "", "providers", "import", spec("asyncapi-3.0.yaml").toString(), "-o",
                out.toString(), "--scheme", "stripe").succeeds();
        assertThat(three.out()).contains("from AsyncAPI 3.0.0: 1 event (shipment.sent), signed as stripe");
        Profile shipments = new ProviderCatalog(List.of(out)).get("acme-shipments");
        assertThat(shipments.signature().header()).isEqualTo("Stripe-Signature");
        assertThat(shipments.envelope().eventTypeHeader()).isEqualTo("X-Webhook-Event");
        JsonNode made = JSON.readTree(out.resolve("acme-shipments/shipment.sent.json").toFile());
        assertThat(EventSchemas.of(shipments).check("shipment.sent", made).verdict()).isEqualTo(SchemaResult.VALID);
    }

    @Test
    void whatIsNotASpecIsExit2WithOneLine() throws Exception {
        Path notSpec = Files.writeString(home.resolve("x.yaml"), "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n");
        CliRun r = CliRun.run(home, "", "providers", "import", notSpec.toString(), "-o", home.resolve("o").toString()).exits(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("OpenAPI 3.0.3 has no webhooks section");
        CliRun s = CliRun.run(home, "", "providers", "import", spec("webhook-example.yaml").toString(), "-o",
                home.resolve("o").toString(), "--scheme", "nosuch").exits(2);
        assertThat(s.err()).contains("--scheme 'nosuch'");
    }

    @Test
    void githubsPublishedWebhooksOpenApiImportsAndItsMadeSamplesMatchTheirSchemas() throws Exception {
        Path spec = Oracle.packageFile("@octokit/openapi-webhooks", "generated/api.github.com.json");
        Path out = home.resolve("providers");
        CliRun r = CliRun.run(home, "", "providers", "import", spec.toString(), "-o", out.toString(), "--name", "gh",
                "--scheme", "github").succeeds();
        assertThat(r.out()).contains("from OpenAPI 3.1");
        Profile gh = new ProviderCatalog(List.of(out)).get("gh");
        assertThat(gh.schemas()).hasSizeGreaterThan(200).containsKey("push");
        EventSchemas schemas = EventSchemas.of(gh);
        for (String event : List.of("push", "ping", "issues-opened", "pull-request-opened", "release-published",
                "workflow-run-completed", "star-created", "check-run-completed")) {
            JsonNode sample = JSON.readTree(out.resolve("gh/" + event + ".json").toFile());
            SchemaResult result = schemas.check(event, sample);
            assertThat(result.errors()).as(event).isEmpty();
        }
    }
}
