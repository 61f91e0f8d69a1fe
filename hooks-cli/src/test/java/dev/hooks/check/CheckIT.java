package dev.hooks.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.testing.Processes;
import dev.hooks.testing.Requirements;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code hooks check} against receivers written for the test in Node (src/test/receivers/receiver.mjs, no hooks code),
 * one process per flavour serving every provider by path: a correct one, and ones with the bugs receivers ship.
 */
class CheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cret-for-check";
    private static final String STRIPE_SECRET = "whsec_stripe_secret_for_check";
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    private static final String API_KEY = "pk_check_1234";
    private static final String CLIENT_ID = "client-check";
    private static final String CLIENT_SECRET = "client-secret-check";

    /** Every target whose signature covers the JSON body as sent. */
    private static final Set<String> SIGNED_JSON = Set.of("paismo", "teal", "keypay", "stripe", "standard-webhooks");
    private static final Set<String> SIGNED = Set.of("paismo", "teal", "teal-encrypted", "keypay", "stripe",
            "standard-webhooks");
    private static final Set<String> FORGERY = Set.of("bad-signature", "missing-signature", "tampered-body", "wrong-secret");

    private static final Map<String, Receiver> RECEIVERS = new ConcurrentHashMap<>();

    @TempDir
    static Path home;

    @AfterAll
    static void stopReceivers() {
        RECEIVERS.values().forEach(Receiver::close);
    }

    @Test
    void aCorrectReceiverPassesEveryCheckThatApplies() {
        Map<String, Result> results = checkAll("correct");
        results.forEach((target, r) -> {
            r.exits(0);
            assertThat(r.outcomes()).as(target).allSatisfy((check, outcome) -> assertThat(outcome).as(target + " " + check)
                    .isEqualTo("pass"));
        });
        assertThat(results.get("paismo").outcomes()).containsOnlyKeys("handshake", "valid", "duplicate", "raw-body",
                "bad-signature", "missing-signature", "tampered-body", "wrong-secret", "latency");
        assertThat(results.get("keypay").outcomes()).containsKey("handshake").doesNotContainKey("stale-timestamp");
        assertThat(results.get("teal-encrypted").outcomes()).containsKey("encryption").doesNotContainKey("raw-body");
        assertThat(results.get("teal").outcomes()).containsKey("raw-body").doesNotContainKey("encryption");
        assertThat(results.get("stripe").outcomes()).containsKey("stale-timestamp").doesNotContainKey("future-timestamp");
        assertThat(results.get("standard-webhooks").outcomes()).containsKeys("stale-timestamp", "future-timestamp");
        for (String paxos : List.of("paxos-key", "paxos-oauth")) {
            assertThat(results.get(paxos).outcomes()).containsOnlyKeys("valid", "duplicate", "auth", "latency");
        }
        assertThat(results.get("paxos-oauth").checks().get("auth").get("reason").asText()).contains("OAuth");
        assertThat(results.get("paismo").checks().get("valid").get("requests"))
                .hasSize(SampleCatalog.builtIn().events("paismo").size());
    }

    @Test
    void theJavaApiJudgesAsTheCommandDoes() {
        Receiver correct = receiver("correct");
        dev.hooks.check.CheckReport paismo = dev.hooks.Hooks.check("paismo").secret(SECRET).to(correct.url("/paismo"));
        assertThat(paismo.passed()).as("%s", paismo).isTrue();
        assertThat(paismo.results()).extracting(r -> r.check().id()).contains("handshake", "raw-body", "tampered-body");
        dev.hooks.check.CheckReport teal = dev.hooks.Hooks.check("teal").secret(SECRET).encryptionKey(KEY)
                .to(correct.url("/teal"));
        assertThat(teal.passed()).as("%s", teal).isTrue();
        dev.hooks.check.CheckReport paxos = dev.hooks.Hooks.check("paxos").apiKey(API_KEY).to(correct.url("/paxos-key"));
        assertThat(paxos.passed()).as("%s", paxos).isTrue();

        dev.hooks.check.CheckReport reserialised = dev.hooks.Hooks.check("paismo").secret(SECRET)
                .to(receiver("reserialise").url("/paismo"));
        assertThat(reserialised.passed()).isFalse();
        assertThat(reserialised.toString()).contains("fail raw-body");
    }

    @Test
    void aReceiverThatVerifiesReserialisedJsonFailsRawBody() {
        checkAll("reserialise").forEach((target, r) -> {
            if (SIGNED_JSON.contains(target)) {
                r.exits(1);
                assertThat(r.outcomes()).as(target).containsEntry("raw-body", "fail");
                assertThat(r.reason("raw-body")).contains("re-serialised");
            } else {
                r.exits(0);
            }
        });
    }

    @Test
    void rawBodyNamesTheBodiesJavaScriptReserialisingChanges() {
        Result paismo = checkAll("reserialise", "paismo").get("paismo");
        Map<String, Integer> statuses = new LinkedHashMap<>();
        paismo.checks().get("raw-body").get("requests").forEach(q -> statuses.put(q.get("name").asText()
                .replaceFirst("^a body with ", ""), q.get("status").asInt()));
        assertThat(statuses).containsEntry("other key order", 200).containsEntry("raw non-ASCII", 200)
                .containsEntry("emoji", 200).containsEntry("other whitespace", 401).containsEntry("\\u00e9 escapes", 401)
                .containsEntry("1.50", 401).containsEntry("a large integer", 401).containsEntry("an escaped slash", 401);
        assertThat(paismo.reason("raw-body")).isEqualTo("verifies a re-serialised body, not the raw bytes: answered 401 "
                + "\"signature mismatch\" to correctly signed bodies with other whitespace, \\u00e9 escapes, 1.50, "
                + "a large integer, an escaped slash");
    }

    @Test
    void theEngineReportsTypedResultsInOrderWithoutTheCommandLine() {
        Receiver r = receiver("error-500");
        Profile profile = new ProviderCatalog(List.of()).get("standard-webhooks");
        List<CheckResult> heard = new ArrayList<>();
        CheckReport report = new ReceiverCheck(new ReceiverCheck.Settings(profile, URI.create(r.url("/standard-webhooks")),
                WHSEC, null, null, SampleCatalog.builtIn(), null, false, null, null)).run(heard::add);
        assertThat(report.reached()).isTrue();
        assertThat(report.timeout()).isEqualTo(profile.delivery().timeout());
        assertThat(heard).isEqualTo(report.results());
        assertThat(heard).extracting(CheckResult::check).containsExactly(Check.VALID, Check.DUPLICATE, Check.RAW_BODY,
                Check.BAD_SIGNATURE, Check.MISSING_SIGNATURE, Check.TAMPERED_BODY, Check.WRONG_SECRET,
                Check.STALE_TIMESTAMP, Check.FUTURE_TIMESTAMP, Check.LATENCY);
        assertThat(report.notApplicable()).extracting(NotApplicable::check)
                .containsExactly(Check.HANDSHAKE, Check.AUTH, Check.ENCRYPTION);
        CheckResult bad = heard.get(3);
        assertThat(bad.outcome()).isEqualTo(CheckResult.Outcome.FAIL);
        assertThat(bad.requests()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(500);
            assertThat(p.expect()).isEqualTo("4xx");
            assertThat(p.exchange().request().header("webhook-signature")).startsWith("v1,");
        });
        assertThat(report.passed()).isFalse();
        assertThat(heard.get(9).latency().answered()).isEqualTo(heard.stream().mapToInt(x -> x.requests().size()).sum());
    }

    @Test
    void hooksListenPassesItsOwnCheck() {
        for (List<String> args : List.of(List.of("--provider", "paismo", "--secret", SECRET),
                List.of("--provider", "keypay", "--secret", SECRET),
                List.of("--provider", "teal", "--secret", SECRET, "--encryption-key", KEY))) {
            List<String> listenArgs = new ArrayList<>(args);
            listenArgs.add("--no-store");
            try (ListenRun listen = ListenRun.start(home, listenArgs.toArray(String[]::new))) {
                List<String> command = new ArrayList<>(List.of("check", "--format", "json", "--to",
                        listen.url("/webhook").toString()));
                command.addAll(args);
                Result r = Result.of(CliRun.run(home, null, command.toArray(String[]::new)));
                r.exits(0);
                assertThat(r.outcomes()).as(args.get(1)).containsValue("pass").doesNotContainValue("fail");
            }
        }
    }

    @Test
    void aReceiverThatAcceptsEverythingFailsTheForgeryChecks() {
        Map<String, Result> results = checkAll("accept-all");
        results.forEach((target, r) -> {
            r.exits(1);
            assertThat(r.outcomes()).as(target).containsEntry("valid", "pass");
            if (SIGNED.contains(target)) {
                for (String check : FORGERY) {
                    assertThat(r.outcomes()).as(target).containsEntry(check, "fail");
                    assertThat(r.reason(check)).startsWith("accepts forged deliveries: answered 200");
                }
            } else {
                assertThat(r.outcomes()).as(target).containsEntry("auth", "fail");
            }
        });
        assertThat(results.get("stripe").outcomes()).containsEntry("stale-timestamp", "fail");
        assertThat(results.get("standard-webhooks").outcomes()).containsEntry("stale-timestamp", "fail")
                .containsEntry("future-timestamp", "fail");
        assertThat(results.get("teal-encrypted").outcomes()).containsEntry("encryption", "fail");
    }

    @Test
    void aReceiverThatAnswers500ToABadSignatureFails() {
        checkAll("error-500").forEach((target, r) -> {
            r.exits(1);
            String check = SIGNED.contains(target) ? "bad-signature" : "auth";
            assertThat(r.outcomes()).as(target).containsEntry(check, "fail").containsEntry("valid", "pass");
            assertThat(r.reason(check)).contains("errors instead of refusing: answered 500").contains("retry");
        });
    }

    @Test
    void aReceiverThatRejectsARedeliveryFailsDuplicate() {
        checkAll("reject-duplicate").forEach((target, r) -> {
            r.exits(1);
            assertThat(r.outcomes()).as(target).containsEntry("duplicate", "fail").containsEntry("valid", "pass");
            assertThat(r.reason("duplicate")).contains("rejects a redelivery").contains("409");
            assertThat(r.outcomes().values().stream().filter("fail"::equals)).as(target).hasSize(1);
        });
    }

    @Test
    void skippedChecksDoNotRunAndUnknownOnesAreAnError() {
        Result r = checkAll("reject-duplicate", "paismo", "--skip", "duplicate,latency", "--skip", "raw-body")
                .get("paismo");
        r.exits(0);
        assertThat(r.outcomes()).doesNotContainKeys("duplicate", "latency", "raw-body").containsKey("valid");
        CliRun bad = CliRun.run(home, null, "check", "--provider", "paismo", "--secret", SECRET,
                "--to", "http://127.0.0.1:9/webhook", "--skip", "dupes").exits(2);
        assertThat(bad.err()).contains("--skip 'dupes' is not a check; the checks are handshake, valid, duplicate");
    }

    @Test
    void aReceiverSlowerThanTheProvidersTimeoutFailsLatency() {
        // The slow receiver answers after 1 s; half of that leaves the token request and the connection room on a
        // busy machine, where 200 ms did not.
        checkAll("slow", "--timeout", "500ms").forEach((target, r) -> {
            r.exits(1);
            assertThat(r.outcomes()).as(target).containsEntry("latency", "fail");
            assertThat(r.reason("latency")).contains("no answer within the provider's 500ms timeout");
            JsonNode latency = r.checks().get("latency");
            assertThat(latency.get("timeout_ms").asLong()).isEqualTo(500);
            assertThat(latency.get("timed_out").asInt()).isPositive();
        });
    }

    @Test
    void junitReportHasOneTestCasePerCheck() throws Exception {
        Receiver r = receiver("accept-all");
        CliRun run = CliRun.run(home, null, "check", "--provider", "paismo", "--secret", SECRET,
                "--to", r.url("/paismo"), "--format", "junit").exits(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.outBytes()));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        Map<String, Element> cases = new LinkedHashMap<>();
        NodeList list = suite.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            cases.put(e.getAttribute("name"), e);
        }
        assertThat(cases).containsKeys("handshake", "valid", "bad-signature", "stale-timestamp", "latency");
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(cases.size()));
        assertThat(suite.getAttribute("failures")).isEqualTo("4");
        assertThat(cases.get("valid").getElementsByTagName("failure").getLength()).isZero();
        Element failure = (Element) cases.get("bad-signature").getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("accepts forged deliveries");
        assertThat(failure.getTextContent()).contains("POST " + r.url("/paismo"), "expected 4xx, got 200");
        assertThat(cases.get("stale-timestamp").getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(cases.get("valid").getAttribute("classname")).isEqualTo("hooks.check.paismo");
    }

    @Test
    void textShowsALinePerCheckAndASummary() {
        Receiver r = receiver("reject-duplicate");
        CliRun run = CliRun.run(home, null, "check", "--provider", "paismo", "--secret", SECRET,
                "--to", r.url("/paismo"), "--verbose").exits(1);
        assertThat(run.out()).contains("hooks check paismo → " + r.url("/paismo"))
                .containsPattern("(?m)^ +POST " + java.util.regex.Pattern.quote(r.url("/paismo"))
                        + " \\(the same event again\\): expected 2xx, got 409 in [0-9.]+ ms$")
                .containsPattern("(?m)^  pass  valid +all " + SampleCatalog.builtIn().events("paismo").size()
                        + " sample events were answered 2xx$")
                .containsPattern("(?m)^  FAIL  duplicate +rejects a redelivery of the same event \\(answered 409")
                .containsPattern("(?m)^  n/a   stale-timestamp +the signature covers no timestamp$")
                .contains("9 checks: 8 passed, 1 failed, 0 warnings");
        assertThat(run.err()).contains("hooks: 1 of 9 checks failed");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
    }

    @Test
    void anUnreachableReceiverExits3() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/webhook";
        CliRun text = CliRun.run(home, null, "check", "--provider", "stripe", "--secret", STRIPE_SECRET, "--to", url)
                .exits(3);
        assertThat(text.err()).contains("hooks: could not reach " + url + ": connection refused");
        CliRun junit = CliRun.run(home, null, "check", "--provider", "paismo", "--secret", SECRET, "--to", url,
                "--format", "junit").exits(3);
        assertThat(junit.out()).contains("<testcase classname=\"hooks.check.paismo\" name=\"reachable\"")
                .contains("<error message=\"could not reach " + url);
    }

    // ---- running the checks

    /** The targets: each provider (teal with and without encryption, paxos with an API key and with OAuth). */
    private static Map<String, List<String>> targets(Receiver r) {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("paismo", List.of("--provider", "paismo", "--secret", SECRET, "--to", r.url("/paismo")));
        t.put("teal", List.of("--provider", "teal", "--secret", SECRET, "--to", r.url("/teal")));
        t.put("teal-encrypted", List.of("--provider", "teal", "--secret", SECRET, "--encryption-key", KEY,
                "--to", r.url("/teal")));
        t.put("keypay", List.of("--provider", "keypay", "--secret", SECRET, "--to", r.url("/keypay")));
        t.put("paxos-key", List.of("--provider", "paxos", "--api-key", API_KEY, "--to", r.url("/paxos-key")));
        t.put("paxos-oauth", List.of("--provider", "paxos", "--oauth-token-url", r.url("/paxos-oauth/token"),
                "--oauth-client-id", CLIENT_ID, "--oauth-client-secret", CLIENT_SECRET, "--to", r.url("/paxos-oauth")));
        t.put("stripe", List.of("--provider", "stripe", "--secret", STRIPE_SECRET, "--to", r.url("/stripe")));
        t.put("standard-webhooks", List.of("--provider", "standard-webhooks", "--secret", WHSEC,
                "--to", r.url("/standard-webhooks")));
        return t;
    }

    /** {@code hooks check --format json} against every target (or the named ones) of a flavour, all at once. */
    private static Map<String, Result> checkAll(String flavour, String... extraOrTargets) {
        Receiver r = receiver(flavour);
        Map<String, List<String>> all = targets(r);
        List<String> extra = new ArrayList<>();
        Set<String> only = new java.util.HashSet<>();
        for (String s : extraOrTargets) {
            if (all.containsKey(s)) {
                only.add(s);
            } else {
                extra.add(s);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            Map<String, Future<Result>> futures = new LinkedHashMap<>();
            all.forEach((name, args) -> {
                if (!only.isEmpty() && !only.contains(name)) {
                    return;
                }
                List<String> command = new ArrayList<>(List.of("check", "--format", "json"));
                command.addAll(args);
                command.addAll(extra);
                futures.put(name, pool.submit(() -> Result.of(CliRun.run(home, null, command.toArray(String[]::new)))));
            });
            Map<String, Result> out = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Result>> f : futures.entrySet()) {
                out.put(f.getKey(), f.getValue().get(2, TimeUnit.MINUTES));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("hooks check did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run: its exit code and its checks by id. */
    private record Result(CliRun run, Map<String, JsonNode> checks) {
        static Result of(CliRun run) {
            Map<String, JsonNode> checks = new LinkedHashMap<>();
            for (String line : run.out().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        JsonNode n = JSON.readTree(line);
                        checks.put(n.get("check").asText(), n);
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + line + "\n" + run.err(), e);
                    }
                }
            }
            return new Result(run, checks);
        }

        Map<String, String> outcomes() {
            return checks.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().get("outcome").asText(), (a, b) -> a, LinkedHashMap::new));
        }

        String reason(String check) {
            return checks.get(check).get("reason").asText();
        }

        void exits(int code) {
            run.exits(code);
        }
    }

    private static Receiver receiver(String flavour) {
        return RECEIVERS.computeIfAbsent(flavour, Receiver::new);
    }

    /** receiver.mjs in one flavour, on 127.0.0.1 and a free port; it exits when its stdin closes. */
    private static final class Receiver implements AutoCloseable {
        private final Process process;
        private final int port;

        Receiver(String flavour) {
            Path node = Requirements.command("node", "apt-get install nodejs");
            Path script = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                    .resolve("src/test/receivers/receiver.mjs");
            try {
                process = new ProcessBuilder(node.toString(), script.toString(), "--flavour", flavour,
                        "--secret", SECRET, "--stripe-secret", STRIPE_SECRET, "--whsec", WHSEC, "--encryption-key", KEY,
                        "--api-key", API_KEY, "--oauth-client-id", CLIENT_ID, "--oauth-client-secret", CLIENT_SECRET,
                        "--slow-ms", "1500").redirectError(ProcessBuilder.Redirect.INHERIT).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("receiver.mjs (" + flavour + ") exited before it was ready");
                }
                port = JSON.readTree(line).get("port").asInt();
            } catch (IOException e) {
                throw new AssertionError("cannot start receiver.mjs: " + e, e);
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() {
            Processes.stop(process);
        }
    }
}
