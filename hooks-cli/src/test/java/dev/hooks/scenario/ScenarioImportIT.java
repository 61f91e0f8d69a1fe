package dev.hooks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.listen.ListenRun;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.ReceivedRequest;
import dev.hooks.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
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
        Path p = home.resolve(name.replace('/', '-'));
        try (var in = ScenarioImportIT.class.getResourceAsStream("/scenario/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** The files `stripe events` and the API print, checked against the stripe package's own types below. */
    private static final List<String> STRIPE_FILES = List.of("stripe/event.json", "stripe/events-list.json",
            "stripe/events-array.json");

    private static JsonNode stripeOracle(JsonNode requests) {
        Oracle.packageFile("stripe", "package.json");
        Oracle.packageFile("typescript", "package.json");
        return Oracle.node("stripe-events.mjs", requests);
    }

    private ObjectNode typecheck(Path file) {
        return JSON.createObjectNode().put("mode", "typecheck").put("file", file.toString());
    }

    /**
     * Every Stripe file the import is tested on type-checks, strict and with excess properties as errors, as the
     * Stripe.Event (or array, or Stripe.ApiList of them) that stripe-node declares; and the check fails on files
     * that break that type in the ways a guess would.
     */
    @Test
    void theStripeFilesHaveTheShapeStripesOwnTypeDefinitionsDeclare() throws Exception {
        ArrayNode requests = JSON.createArrayNode();
        for (String name : STRIPE_FILES) {
            requests.add(typecheck(resource(name)));
        }
        ObjectNode event = (ObjectNode) JSON.readTree(resource("stripe/event.json").toFile());
        // each broken file, and a word the type checker's complaint about it names
        Map<JsonNode, String> broken = new LinkedHashMap<>();
        ObjectNode extra = event.deepCopy();
        ((ObjectNode) extra.at("/data/object")).put("employee_id", "emp_1042"); // a property Customer does not have
        broken.put(extra, "'\"employee_id\"' does not exist in type 'Customer'");
        broken.put(event.deepCopy().put("type", "customer.hired"), "\"customer.hired\"");
        // a customer where product.created carries a Product
        broken.put(event.deepCopy().put("type", "product.created"), "does not exist in type 'Product'");
        ObjectNode missing = event.deepCopy();
        missing.remove("pending_webhooks");
        broken.put(missing, "'pending_webhooks' is missing");
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").add(event);
        list.put("url", "/v1/events");
        broken.put(list, "'has_more' is missing");
        for (JsonNode b : broken.keySet()) {
            Path file = home.resolve("broken-" + requests.size() + ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), b);
            requests.add(typecheck(file));
        }

        JsonNode answers = stripeOracle(requests);
        assertThat(answers.get(0).get("type").asText()).isEqualTo("Stripe.Event");
        assertThat(answers.get(1).get("type").asText()).isEqualTo("Stripe.ApiList<Stripe.Event>");
        assertThat(answers.get(2).get("type").asText()).isEqualTo("Stripe.Event[]");
        for (int i = 0; i < STRIPE_FILES.size(); i++) {
            assertThat(answers.get(i).get("errors")).as("%s", STRIPE_FILES.get(i)).isEmpty();
        }
        int i = STRIPE_FILES.size();
        for (String complaint : broken.values()) {
            JsonNode errors = answers.get(i++).get("errors");
            assertThat(errors).as("%s", complaint).hasSize(1);
            assertThat(errors.get(0).asText()).contains(complaint);
        }
    }

    private JsonNode imported(String resourceName) throws Exception {
        Path out = home.resolve(resourceName.replace('/', '-') + ".scenario.json");
        CliRun.run(home, null, "scenario", "import", resource(resourceName).toString(), "-o", out.toString(),
                "--from", "stripe").succeeds();
        return JSON.readTree(out.toFile()).get("deliveries");
    }

    private static List<String> column(JsonNode deliveries, String field) {
        List<String> values = new ArrayList<>();
        deliveries.forEach(d -> values.add(d.get(field).asText()));
        return values;
    }

    @Test
    void oneStripeEventAnArrayAndTheApisListAreImportedOldestFirstWithTiesInTheOrderTheyHappened() throws Exception {
        // GET /v1/events and `stripe events list`: newest first, two events in one second (product.created, then
        // product.updated, listed the other way round)
        JsonNode list = imported("stripe/events-list.json");
        assertThat(column(list, "event_id")).containsExactly("evt_1SxHk2LqB7cW9dN0a1Cst001",
                "evt_1SxHlOLqB7cW9dN0a1Cst002", "evt_1SxHlOLqB7cW9dN0a1Cst003", "evt_1SxHmWLqB7cW9dN0a1Cst004");
        assertThat(column(list, "event_type")).containsExactly("customer.created", "product.created",
                "product.updated", "customer.updated");
        assertThat(column(list, "at_ms")).containsExactly("0", "60000", "60000", "180000");
        assertThat(column(list, "provider")).containsOnly("stripe");
        JsonNode page = JSON.readTree(resource("stripe/events-list.json").toFile()).get("data");
        assertThat(JSON.readTree(list.get(0).get("body").asText())).isEqualTo(page.get(3));

        // the same page as an array (`stripe events list | jq .data`) is newest first as well
        Path data = home.resolve("data.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(data.toFile(), page);
        Path fromData = home.resolve("data.scenario.json");
        CliRun.run(home, null, "scenario", "import", data.toString(), "-o", fromData.toString(), "--from", "stripe")
                .succeeds();
        assertThat(column(JSON.readTree(fromData.toFile()).get("deliveries"), "event_id"))
                .isEqualTo(column(list, "event_id"));

        // an array already oldest first keeps its order, ties too
        JsonNode array = imported("stripe/events-array.json");
        assertThat(column(array, "event_type")).containsExactly("customer.updated", "customer.deleted",
                "product.updated");
        assertThat(column(array, "at_ms")).containsExactly("0", "0", "300000");

        // one event, as `stripe events retrieve` prints it: the body is the file, byte for byte
        JsonNode one = imported("stripe/event.json");
        assertThat(one).hasSize(1);
        assertThat(one.get(0).get("body").asText()).isEqualTo(Files.readString(resource("stripe/event.json")));

        // a page the API says is followed by older events: imported, with a warning naming where the next page starts
        ObjectNode firstPage = (ObjectNode) JSON.readTree(resource("stripe/events-list.json").toFile());
        firstPage.put("has_more", true);
        Path pageFile = home.resolve("page.json");
        JSON.writeValue(pageFile.toFile(), firstPage);
        CliRun partial = CliRun.run(home, null, "scenario", "import", pageFile.toString(), "-o",
                home.resolve("page.scenario.json").toString(), "--from", "stripe").succeeds();
        assertThat(partial.err()).contains("warning", "has_more", "starting_after=evt_1SxHk2LqB7cW9dN0a1Cst001");
        assertThat(column(JSON.readTree(home.resolve("page.scenario.json").toFile()).get("deliveries"), "event_id"))
                .isEqualTo(column(list, "event_id"));
        assertThat(CliRun.run(home, null, "scenario", "import", resource("stripe/events-list.json").toString(), "-o",
                home.resolve("whole.scenario.json").toString(), "--from", "stripe").succeeds().err())
                .doesNotContain("warning");

        CliRun bad = CliRun.run(home, null, "scenario", "import", resource("github-capture.har").toString(), "-o",
                home.resolve("x.json").toString(), "--from", "stripe").exits(2);
        assertThat(bad.err()).contains("not a Stripe event object").doesNotContain("Exception");
    }

    private ObjectNode construct(byte[] payload, String header, String secret) {
        return JSON.createObjectNode().put("mode", "construct")
                .put("payload_b64", Base64.getEncoder().encodeToString(payload)).put("header", header)
                .put("secret", secret);
    }

    /**
     * stripe-node's webhooks.constructEvent, as a Stripe receiver written with the library calls it, accepts what
     * {@code hooks scenario play} and {@code hooks sign --provider stripe} send, and gives back the very events the
     * files hold.
     */
    @Test
    void stripesOwnLibraryConstructsTheImportedEventsFromWhatPlayAndSignSend() throws Exception {
        String secret = "whsec_4mXo8hR2cV6nQ1tZ9bK3yL7pE5wA0sD";
        Path scenario = home.resolve("stripe.json");
        CliRun.run(home, null, "scenario", "import", resource("stripe/events-list.json").toString(), "-o",
                scenario.toString(), "--from", "stripe").succeeds();
        List<JsonNode> expected = new ArrayList<>();
        JSON.readTree(resource("stripe/events-list.json").toFile()).get("data").forEach(expected::add);
        Collections.reverse(expected);

        ArrayNode requests = JSON.createArrayNode();
        try (IndependentReceiver receiver = IndependentReceiver.builder("stripe").secret(secret).start()) {
            CliRun.run(home, null, "scenario", "play", scenario.toString(), "--to", receiver.url("/stripe/webhooks"),
                    "--secret", secret).succeeds();
            for (ReceivedRequest got : receiver.awaitRequests(expected.size(), Duration.ofSeconds(20))) {
                assertThat(got.path()).isEqualTo("/stripe/webhooks");
                requests.add(construct(got.body(), got.header("Stripe-Signature"), secret));
            }
        }
        Path event = resource("stripe/event.json");
        Map<String, String> signed = signed(Files.readString(event), "--provider", "stripe", "--secret", secret);
        byte[] eventBytes = Files.readAllBytes(event);
        requests.add(construct(eventBytes, Oracle.header(signed, "Stripe-Signature"), secret));
        requests.add(construct(eventBytes, Oracle.header(signed, "Stripe-Signature"), secret + "x"));

        JsonNode answers = stripeOracle(requests);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(answers.get(i).get("event")).as("%s", answers.get(i)).isEqualTo(expected.get(i));
        }
        assertThat(answers.get(expected.size()).get("event")).isEqualTo(JSON.readTree(eventBytes));
        assertThat(answers.get(expected.size() + 1).get("error").asText()).containsIgnoringCase("signature");

        try (ListenRun b = ListenRun.start(home, "-p", "stripe", "--secret", secret, "--no-store")) {
            CliRun.run(home, null, "scenario", "play", scenario.toString(), "--to", b.url("/stripe").toString(),
                    "--secret", secret).succeeds();
            List<JsonNode> got = b.awaitLines(expected.size());
            assertThat(got).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).as("%s", d).isTrue());
            assertThat(got.stream().map(d -> d.get("event_id").asText()))
                    .containsExactlyElementsOf(expected.stream().map(e -> e.get("id").asText()).toList());
        }
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
