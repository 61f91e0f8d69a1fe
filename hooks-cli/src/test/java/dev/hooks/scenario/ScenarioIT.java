package dev.hooks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios through real listeners: recorded from one {@code hooks listen}, played to a second one with other secrets
 * and another Teal key, and the faults, pace and imports checked at the receiving end.
 */
class ScenarioIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_A = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String KEY_B = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path home;

    private static String[] served(String db, String paismo, String teal, String github, String key) {
        return new String[] {"-p", "paismo", "-p", "teal", "-p", "github", "--secret", "paismo=" + paismo,
            "--secret", "teal=" + teal, "--secret", "github=" + github, "--encryption-key", key, "--store", db, "-v"};
    }

    @Test
    void recordedDeliveriesPlayedToAnotherListenerVerifyDecryptAndKeepTheirEventIds() throws Exception {
        String dbA = home.resolve("a.db").toString();
        List<JsonNode> recorded;
        try (ListenRun a = ListenRun.start(home, served(dbA, "paismo-secret-A", "teal-secret-A", "github-secret-A", KEY_A))) {
            CliRun.run(home, null, "send", "employee.created", "-p", "paismo", "--secret", "paismo-secret-A",
                    "--to", a.url("/paismo").toString()).succeeds();
            CliRun.run(home, null, "send", "user-payroll-submitted", "-p", "teal", "--secret", "teal-secret-A",
                    "--encryption-key", KEY_A, "--to", a.url("/teal").toString()).succeeds();
            CliRun.run(home, null, "send", "pull_request", "-p", "github", "--secret", "github-secret-A",
                    "--to", a.url("/github").toString()).succeeds();
            CliRun.run(home, null, "send", "employee.updated", "-p", "paismo", "--secret", "paismo-secret-A",
                    "--to", a.url("/paismo").toString()).succeeds();
            recorded = a.awaitLines(4);
        }
        assertThat(recorded).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).as("%s", d).isTrue());
        Path file = home.resolve("s.json");
        CliRun.run(home, null, "scenario", "record", "-o", file.toString(), "--store", dbA).succeeds();

        String text = Files.readString(file);
        for (String secret : List.of("paismo-secret-A", "teal-secret-A", "github-secret-A", KEY_A)) {
            assertThat(text).as("the scenario holds no secret or key").doesNotContain(secret);
        }
        for (String header : List.of("X-Paismo-Signature", "X-Teal-Signature", "X-Hub-Signature-256",
                "X-Teal-Encryption-IV", "X-GitHub-Delivery", "X-Paismo-Event-Id")) {
            assertThat(text.toLowerCase()).as("no signature, IV or per-attempt id header").doesNotContain(header.toLowerCase());
        }
        JsonNode scenario = JSON.readTree(text);
        assertThat(scenario.get("format").asText()).isEqualTo("hooks-scenario/1");
        JsonNode deliveries = scenario.get("deliveries");
        assertThat(deliveries).hasSize(4);
        JsonNode teal = deliveries.get(1);
        assertThat(teal.get("provider").asText()).isEqualTo("teal");
        assertThat(teal.get("encrypted").asBoolean()).isTrue();
        assertThat(teal.get("body").asText()).isEqualTo(recorded.get(1).get("plaintext").asText());
        assertThat(deliveries.get(0).get("body").asText()).isEqualTo(recorded.get(0).get("body").asText());
        assertThat(deliveries.get(0).get("at_ms").asLong()).isZero();
        assertThat(deliveries.get(3).get("at_ms").asLong()).isGreaterThanOrEqualTo(deliveries.get(2).get("at_ms").asLong());

        Path narrowed = home.resolve("n.json");
        CliRun.run(home, null, "scenario", "record", "-o", narrowed.toString(), "--store", dbA, "--provider", "paismo",
                "--last", "1").succeeds();
        assertThat(JSON.readTree(narrowed.toFile()).get("deliveries")).hasSize(1)
                .allSatisfy(d -> assertThat(d.get("event_type").asText()).isEqualTo("employee.updated"));
        CliRun.run(home, null, "scenario", "record", "-o", narrowed.toString(), "--store", dbA, "--event-type",
                "pull_request", "--event-type", "employee.created", "--since", "1h", "--valid").succeeds();
        assertThat(JSON.readTree(narrowed.toFile()).get("deliveries")).extracting(d -> d.get("provider").asText())
                .containsExactly("paismo", "github");
        CliRun.run(home, null, "scenario", "record", "-o", narrowed.toString(), "--store", dbA, "--since",
                Instant.now().plusSeconds(3600).toString()).succeeds();
        assertThat(JSON.readTree(narrowed.toFile()).get("deliveries")).isEmpty();

        String dbB = home.resolve("b.db").toString();
        try (ListenRun b = ListenRun.start(home, served(dbB, "paismo-secret-B", "teal-secret-B", "github-secret-B", KEY_B))) {
            CliRun play = CliRun.run(home, null, "scenario", "play", file.toString(),
                    "--to", "paismo=" + b.url("/paismo"), "--to", "teal=" + b.url("/teal"), "--to", "github=" + b.url("/github"),
                    "--secret", "paismo=paismo-secret-B", "--secret", "teal=teal-secret-B", "--secret", "github=github-secret-B",
                    "--encryption-key", KEY_B, "--format", "json").succeeds();
            assertThat(play.out().lines().count()).isEqualTo(4);
            List<JsonNode> got = b.awaitLines(4);
            for (int i = 0; i < 4; i++) {
                JsonNode was = recorded.get(i);
                JsonNode now = got.get(i);
                assertThat(now.get("verified").asBoolean()).as("%s", now).isTrue();
                assertThat(now.get("status").asInt()).as("%s", now).isEqualTo(200);
                assertThat(now.get("provider").asText()).isEqualTo(was.get("provider").asText());
                assertThat(now.get("event_type").asText()).isEqualTo(was.get("event_type").asText());
                assertThat(now.get("event_id").asText()).as("event id kept").isEqualTo(was.get("event_id").asText());
                String signature = was.get("provider").asText().equals("teal") ? "X-Teal-Signature"
                        : was.get("provider").asText().equals("github") ? "X-Hub-Signature-256" : "X-Paismo-Signature";
                assertThat(header(now, signature)).as("signed afresh with the other secret")
                        .isNotNull().isNotEqualTo(header(was, signature));
                if (was.get("provider").asText().equals("teal")) {
                    assertThat(now.get("decrypted").asBoolean()).isTrue();
                    assertThat(now.get("plaintext").asText()).as("decrypts to the same plaintext")
                            .isEqualTo(was.get("plaintext").asText());
                    assertThat(now.get("body").asText()).as("encrypted again").isNotEqualTo(was.get("body").asText());
                } else {
                    assertThat(now.get("body").asText()).as("the body byte for byte").isEqualTo(was.get("body").asText());
                }
            }
        }
    }

    @Test
    void aShuffleWithTheSameSeedGivesTheSameOrderAndDuplicatesAreRedeliveries() throws Exception {
        Path file = paismoScenario(6, 0);
        String db = home.resolve("c.db").toString();
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--store", db)) {
            String url = b.url("/paismo").toString();
            CliRun first = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", url, "--secret", "s3cret",
                    "--shuffle=7", "--format", "json").succeeds();
            CliRun second = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", url, "--secret", "s3cret",
                    "--shuffle=7", "--format", "json").succeeds();
            assertThat(first.err()).contains("seed 7");
            List<Integer> order = indexes(first);
            assertThat(order).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6).isNotEqualTo(List.of(1, 2, 3, 4, 5, 6));
            assertThat(indexes(second)).isEqualTo(order);
            List<JsonNode> received = b.awaitLines(12);
            assertThat(received.subList(0, 6).stream().map(d -> d.get("event_id").asText()).toList())
                    .isEqualTo(order.stream().map(i -> "ev-" + i).toList());

            CliRun reverse = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", url, "--secret", "s3cret",
                    "--reverse", "--format", "json").succeeds();
            assertThat(indexes(reverse)).containsExactly(6, 5, 4, 3, 2, 1);
        }

        Path fresh = paismoScenario(5, 0);
        String db2 = home.resolve("d.db").toString();
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--store", db2)) {
            CliRun run = CliRun.run(home, null, "scenario", "play", fresh.toString(), "--to", b.url("/paismo").toString(),
                    "--secret", "s3cret", "--duplicate", "1", "--format", "json").succeeds();
            assertThat(run.out().lines().count()).isEqualTo(10);
            List<JsonNode> got = b.awaitLines(10);
            assertThat(got).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).isTrue());
            assertThat(got.stream().filter(d -> d.get("duplicate").asBoolean()).count()).as("%s", got).isEqualTo(5);
            Map<String, Long> perEvent = got.stream().collect(Collectors.groupingBy(d -> d.get("event_id").asText(),
                    Collectors.counting()));
            assertThat(perEvent).hasSize(5).allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
        }
    }

    @Test
    void timeScaleOneKeepsTheRecordedGaps() throws Exception {
        // Gaps of a second: 10% of them is room for a busy machine's scheduling, which 10% of shorter ones was not.
        Path file = paismoScenario(4, 1000);
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--no-store")) {
            // The listener's own first request (its classes loading) is not what is measured here.
            CliRun.run(home, null, "send", "employee.created", "-p", "paismo", "--secret", "s3cret",
                    "--to", b.url("/paismo").toString()).succeeds();
            b.awaitLines(1);
            CliRun.run(home, null, "scenario", "play", file.toString(), "--to", b.url("/paismo").toString(),
                    "--secret", "s3cret", "--time-scale", "1").succeeds();
            List<JsonNode> got = b.awaitLines(5).subList(1, 5);
            for (int i = 1; i < 4; i++) {
                long gap = Instant.parse(got.get(i).get("received_at").asText()).toEpochMilli()
                        - Instant.parse(got.get(i - 1).get("received_at").asText()).toEpochMilli();
                assertThat(gap).as("gap %d", i).isBetween(900L, 1100L);
            }
        }
    }

    @Test
    void jitterWithASeedReordersTheDeliveriesTheSameWayEachTime() throws Exception {
        Path file = paismoScenario(6, 0);
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--no-store")) {
            String url = b.url("/paismo").toString();
            List<List<String>> orders = new ArrayList<>();
            for (String seed : new String[] {"11", "11", "12"}) {
                CliRun run = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", url, "--secret",
                        "s3cret", "--jitter", "200ms", "--seed", seed).succeeds();
                assertThat(run.err()).contains("seed " + seed);
                List<JsonNode> got = b.awaitLines(6 * (orders.size() + 1));
                assertThat(got).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).isTrue());
                orders.add(got.subList(6 * orders.size(), got.size()).stream().map(d -> d.get("event_id").asText())
                        .toList());
                // the text output: one line per delivery, in the order sent, with its event id and status
                List<String> lines = run.out().lines().toList();
                assertThat(lines).hasSize(6);
                for (int i = 0; i < 6; i++) {
                    assertThat(lines.get(i)).contains(orders.get(orders.size() - 1).get(i)).contains("200");
                }
            }
            List<String> recorded = List.of("ev-1", "ev-2", "ev-3", "ev-4", "ev-5", "ev-6");
            // Every delivery is recorded at 0 ms: only the jitter can change their order.
            assertThat(orders.get(0)).containsExactlyInAnyOrderElementsOf(recorded).isNotEqualTo(recorded);
            assertThat(orders.get(1)).isEqualTo(orders.get(0));
            assertThat(orders.get(2)).containsExactlyInAnyOrderElementsOf(recorded).isNotEqualTo(orders.get(0));
        }
    }

    @Test
    void concurrencyKeepsThatManyDeliveriesInFlightAtTheListener() throws Exception {
        Path file = paismoScenario(6, 0);
        long hold = 1000;
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--no-store", "--delay",
                hold + "ms")) {
            String url = b.url("/paismo").toString();
            CliRun.run(home, null, "scenario", "play", file.toString(), "--to", url, "--secret", "s3cret",
                    "--concurrency", "3").succeeds();
            List<JsonNode> parallel = b.awaitLines(6);
            assertThat(parallel).allSatisfy(d -> assertThat(d.get("verified").asBoolean()).isTrue());
            assertThat(mostInFlight(parallel, hold)).isEqualTo(3);

            CliRun.run(home, null, "scenario", "play", paismoScenario(3, 0).toString(), "--to", url, "--secret",
                    "s3cret").succeeds();
            assertThat(mostInFlight(b.awaitLines(9).subList(6, 9), hold)).isEqualTo(1);
        }
    }

    /**
     * The most deliveries the listener held at once: each is held from its arrival until its answer, which
     * {@code --delay} keeps back at least {@code holdMs}; the player sends the next one on a connection only after
     * the answer, so a delivery arriving within {@code holdMs} of another overlapped it.
     */
    private static int mostInFlight(List<JsonNode> received, long holdMs) {
        List<Long> arrivals = received.stream()
                .map(d -> Instant.parse(d.get("received_at").asText()).toEpochMilli()).sorted().toList();
        int most = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            int overlapping = 0;
            for (int j = 0; j <= i; j++) {
                overlapping += arrivals.get(i) - arrivals.get(j) < holdMs ? 1 : 0;
            }
            most = Math.max(most, overlapping);
        }
        return most;
    }

    @Test
    void exitCodesSayWhetherEveryDeliveryGotA2xxOrTheReceiverWasUnreachable() throws Exception {
        Path file = paismoScenario(2, 0);
        try (ListenRun b = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--no-store", "--fail-first", "1")) {
            CliRun run = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", b.url("/paismo").toString(),
                    "--secret", "s3cret", "--format", "junit").exits(1);
            assertThat(run.out()).contains("<testsuite").contains("failures=\"1\"").contains("answered 500");
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun.run(home, null, "scenario", "play", file.toString(), "--to", "http://127.0.0.1:" + port + "/paismo",
                "--secret", "s3cret").exits(3);
        CliRun missing = CliRun.run(home, null, "scenario", "play", file.toString(), "--to", "http://127.0.0.1:" + port + "/");
        missing.exits(2);
        assertThat(missing.err().strip()).startsWith("hooks: provider 'paismo' needs a secret").doesNotContain("\n");
        CliRun notThere = CliRun.run(home, null, "scenario", "show", home.resolve("nope.json").toString()).exits(2);
        assertThat(notThere.err()).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void importsTheLinesOfEventsExportAndOfListenVerbose() throws Exception {
        String db = home.resolve("e.db").toString();
        List<JsonNode> lines;
        try (ListenRun a = ListenRun.start(home, "-p", "paismo", "-p", "teal", "--secret", "paismo=p", "--secret", "teal=t",
                "--encryption-key", KEY_A, "--store", db, "-v")) {
            CliRun.run(home, null, "send", "employee.created", "-p", "paismo", "--secret", "p", "--to", a.url("/paismo").toString()).succeeds();
            CliRun.run(home, null, "send", "user-payroll-submitted", "-p", "teal", "--secret", "t", "--encryption-key", KEY_A,
                    "--to", a.url("/teal").toString()).succeeds();
            lines = a.awaitLines(2);
        }
        CliRun export = CliRun.run(home, null, "events", "export", "--store", db).succeeds();
        Path jsonl = home.resolve("export.jsonl");
        Files.writeString(jsonl, export.out());
        Path fromExport = home.resolve("from-export.json");
        CliRun.run(home, null, "scenario", "import", jsonl.toString(), "-o", fromExport.toString(), "--from", "jsonl").succeeds();
        Path recorded = home.resolve("recorded.json");
        CliRun.run(home, null, "scenario", "record", "-o", recorded.toString(), "--store", db).succeeds();
        assertThat(JSON.readTree(fromExport.toFile())).isEqualTo(JSON.readTree(recorded.toFile()));

        Path listenLines = home.resolve("listen.jsonl");
        StringBuilder sb = new StringBuilder("{\"type\":\"ready\",\"url\":\"http://127.0.0.1:1/webhook\"}\n");
        for (JsonNode l : lines) {
            sb.append(JSON.writeValueAsString(l)).append('\n');
        }
        Files.writeString(listenLines, sb);
        Path fromListen = home.resolve("from-listen.json");
        CliRun.run(home, null, "scenario", "import", listenLines.toString(), "-o", fromListen.toString(), "--from", "jsonl").succeeds();
        JsonNode imported = JSON.readTree(fromListen.toFile()).get("deliveries");
        assertThat(imported).hasSize(2);
        assertThat(imported.get(1).get("encrypted").asBoolean()).isTrue();
        assertThat(imported.get(1).get("body").asText()).isEqualTo(lines.get(1).get("plaintext").asText());
        assertThat(Files.readString(fromListen)).doesNotContainIgnoringCase("X-Teal-Signature").doesNotContain(KEY_A);

        CliRun shown = CliRun.run(home, null, "scenario", "show", fromListen.toString()).succeeds();
        assertThat(shown.out().lines().toList()).hasSize(2);
        assertThat(shown.out()).contains("employee.created").contains("user-payroll-submitted").contains("(encrypted)");
    }

    private static String header(JsonNode line, String name) {
        for (JsonNode pair : line.path("headers")) {
            if (pair.get(0).asText().equalsIgnoreCase(name)) {
                return pair.get(1).asText();
            }
        }
        return null;
    }

    private static List<Integer> indexes(CliRun run) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (String l : run.out().lines().toList()) {
            out.add(JSON.readTree(l).get("index").asInt());
        }
        return out;
    }

    /** {@code n} Paismo employee.updated deliveries with event ids ev-1 ... ev-n, {@code gapMs} apart. */
    private Path paismoScenario(int n, long gapMs) throws Exception {
        List<Map<String, Object>> deliveries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, Object> d = new HashMap<>();
            d.put("at_ms", (i - 1) * gapMs);
            d.put("provider", "paismo");
            d.put("event_type", "employee.updated");
            d.put("event_id", "ev-" + i);
            d.put("method", "POST");
            d.put("path", "/paismo");
            d.put("headers", Map.of("Content-Type", "application/json"));
            d.put("body", "{\"id\":\"d-" + i + "\",\"event_type\":\"employee.updated\",\"event_id\":\"ev-" + i
                    + "\",\"timestamp\":\"2026-12-07T09:00:0" + (i % 10) + ".000Z\",\"data\":{\"employee_id\":\"emp_1\"}}");
            deliveries.add(d);
        }
        Path file = Files.createTempFile(home, "scenario", ".json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("format", "hooks-scenario/1", "deliveries", deliveries)));
        return file;
    }
}
