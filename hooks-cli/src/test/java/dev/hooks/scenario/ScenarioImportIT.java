package dev.hooks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.listen.ListenRun;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stripe event objects and HAR captures imported as scenarios, then played to a real listener that verifies them. */
class ScenarioImportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

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

    /** The headers {@code hooks sign} prints for {@code body}, as a map, without the ones a page's fetch() may not set. */
    private Map<String, String> signed(String body, String... signArgs) throws Exception {
        Path file = Files.writeString(home.resolve("body-" + System.nanoTime() + ".json"), body);
        String[] args = new String[signArgs.length + 2];
        args[0] = "sign";
        System.arraycopy(signArgs, 0, args, 1, signArgs.length);
        args[args.length - 1] = file.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : CliRun.run(home, null, args).succeeds().out().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.regionMatches(true, 0, "User-Agent", 0, colon)) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    @Test
    void aHarRecordedByChromiumIsImportedAndPlayedToAListenerThatVerifiesIt() throws Exception {
        Path chromium = Requirements.command("chromium", "apt-get install chromium");
        Requirements.require(Files.isDirectory(Oracle.directory().resolve("node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix hooks-cli/src/test/oracle)");
        String ghBody = "{\"action\":\"opened\",\"issue\":{\"number\":1347,\"title\":\"Found a bug\"}}";
        Map<String, String> gh = signed(ghBody, "--provider", "github", "--secret", "gh-browser-secret");
        gh.put("X-GitHub-Event", "issues");
        gh.put("Authorization", "Bearer should-never-be-kept");
        String ghId = gh.get("X-GitHub-Delivery");
        String swBody = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\"}}";
        Map<String, String> sw = signed(swBody, "--provider", "standard-webhooks", "--secret", SW_SECRET,
                "--id", "msg_browser_1");
        assertThat(gh).containsKey("X-Hub-Signature-256");
        assertThat(sw).containsKey("webhook-signature");

        Path har = home.resolve("chromium.har");
        ObjectNode request = JSON.createObjectNode();
        request.put("chromium", chromium.toString());
        request.put("har", har.toString());
        request.put("profile", Files.createDirectories(home.resolve("chromium-profile")).toString());
        var deliveries = request.putArray("deliveries");
        deliveries.addObject().put("path", "/github?source=browser").put("body", ghBody)
                .set("headers", JSON.valueToTree(gh));
        deliveries.addObject().put("path", "/standard").put("body", swBody).set("headers", JSON.valueToTree(sw));
        JsonNode recorded = Oracle.node("har.mjs", request);
        assertThat(recorded.get("statuses").toString()).isEqualTo("[200,200]");
        assertThat(Files.readString(har)).contains("should-never-be-kept").contains("\"GET\"");

        Path out = home.resolve("chromium.json");
        CliRun.run(home, null, "scenario", "import", har.toString(), "-o", out.toString(), "--from", "har").succeeds();
        String text = Files.readString(out);
        assertThat(text).doesNotContain("should-never-be-kept").doesNotContainIgnoringCase("X-Hub-Signature-256")
                .doesNotContainIgnoringCase("webhook-signature");
        JsonNode imported = JSON.readTree(text).get("deliveries");
        assertThat(imported).hasSize(2);
        assertThat(imported.get(0).get("provider").asText()).isEqualTo("github");
        assertThat(imported.get(0).get("event_type").asText()).isEqualTo("issues");
        assertThat(imported.get(0).get("event_id").asText()).isEqualTo(ghId);
        assertThat(imported.get(0).get("body").asText()).isEqualTo(ghBody);
        assertThat(imported.get(1).get("provider").asText()).isEqualTo("standard-webhooks");
        assertThat(imported.get(1).get("event_id").asText()).isEqualTo("msg_browser_1");
        assertThat(imported.get(1).get("body").asText()).isEqualTo(swBody);

        try (ListenRun b = ListenRun.start(home, "-p", "github", "-p", "standard-webhooks", "--secret",
                "github=gh-played-secret", "--secret", "standard-webhooks=" + SW_SECRET, "--no-store", "-v")) {
            CliRun.run(home, null, "scenario", "play", out.toString(), "--to", "github=" + b.url("/github"),
                    "--to", "standard-webhooks=" + b.url("/standard-webhooks"), "--secret", "github=gh-played-secret",
                    "--secret", "standard-webhooks=" + SW_SECRET).succeeds();
            List<JsonNode> got = b.awaitLines(2);
            assertThat(got).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).as("%s", d).isTrue());
            assertThat(got.get(0).get("event_id").asText()).isEqualTo(ghId);
            assertThat(got.get(0).get("query").asText()).isEqualTo("source=browser");
            // Standard Webhooks' body has no id: the listener reads the event id from webhook-id, which play keeps
            assertThat(got.get(1).get("event_id").asText()).isEqualTo("msg_browser_1");
        }
    }

    @Test
    void aHarsCredentialsAndForwardingHeadersAreNotKept() throws Exception {
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
