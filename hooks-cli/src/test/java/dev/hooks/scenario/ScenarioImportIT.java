package dev.hooks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stripe event objects and HAR captures imported as scenarios, then played to a real listener that verifies them. */
class ScenarioImportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Path resource(String name) throws Exception {
        Path p = home.resolve(name);
        try (var in = ScenarioImportIT.class.getResourceAsStream("/scenario/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void stripeEventsAreImportedOldestFirstAndPlayedSignedAsStripeSignsThem() throws Exception {
        Path out = home.resolve("stripe.json");
        CliRun.run(home, null, "scenario", "import", resource("stripe-events.json").toString(), "-o", out.toString(),
                "--from", "stripe").succeeds();
        JsonNode deliveries = JSON.readTree(out.toFile()).get("deliveries");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).get("event_type").asText()).isEqualTo("customer.created");
        assertThat(deliveries.get(1).get("event_type").asText()).isEqualTo("customer.updated");
        assertThat(deliveries.get(1).get("at_ms").asLong()).isEqualTo(2000);
        assertThat(deliveries.get(0).get("provider").asText()).isEqualTo("stripe");
        try (ListenRun b = ListenRun.start(home, "-p", "stripe", "--secret", "whsec_test_secret", "--no-store")) {
            CliRun.run(home, null, "scenario", "play", out.toString(), "--to", b.url("/stripe").toString(),
                    "--secret", "whsec_test_secret").succeeds();
            List<JsonNode> got = b.awaitLines(2);
            assertThat(got).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).as("%s", d).isTrue());
            assertThat(got.get(0).get("event_id").asText()).isEqualTo("evt_3Qb2first00000000000001");
            assertThat(got.get(1).get("event_id").asText()).isEqualTo("evt_3Qb2second0000000000001");
        }
        CliRun bad = CliRun.run(home, null, "scenario", "import", resource("github-capture.har").toString(), "-o",
                home.resolve("x.json").toString(), "--from", "stripe").exits(2);
        assertThat(bad.err()).contains("not a Stripe event object").doesNotContain("Exception");
    }

    @Test
    void theHarPostsAreImportedWithTheirProviderRecognisedAndNoCredentials() throws Exception {
        Path out = home.resolve("har.json");
        CliRun.run(home, null, "scenario", "import", resource("github-capture.har").toString(), "-o", out.toString(),
                "--from", "har").succeeds();
        String text = Files.readString(out);
        assertThat(text).doesNotContain("should-never-be-kept").doesNotContainIgnoringCase("X-Hub-Signature-256")
                .doesNotContainIgnoringCase("X-Forwarded-For").doesNotContainIgnoringCase("\"Host\"");
        JsonNode deliveries = JSON.readTree(text).get("deliveries");
        assertThat(deliveries).hasSize(1);
        JsonNode d = deliveries.get(0);
        assertThat(d.get("provider").asText()).isEqualTo("github");
        assertThat(d.get("event_type").asText()).isEqualTo("issues");
        assertThat(d.get("event_id").asText()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(d.get("path").asText()).isEqualTo("/github");
        assertThat(d.get("query").asText()).isEqualTo("source=hook");
        try (ListenRun b = ListenRun.start(home, "-p", "github", "--secret", "gh-secret", "--no-store", "-v")) {
            CliRun.run(home, null, "scenario", "play", out.toString(), "--to", b.url("/github").toString(),
                    "--secret", "gh-secret").succeeds();
            JsonNode got = b.awaitLines(1).get(0);
            assertThat(got.get("verified").asBoolean()).as("%s", got).isTrue();
            assertThat(got.get("event_id").asText()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
            assertThat(got.get("query").asText()).isEqualTo("source=hook");
            assertThat(got.toString()).contains("GitHub-Hookshot/7c8a1f2");
        }
    }
}
