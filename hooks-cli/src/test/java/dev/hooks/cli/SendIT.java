package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hooks send} against a receiver that shares no code with hooks (src/test/oracle/receiver.mjs): it verifies
 * every signature with the providers' own libraries or Node crypto, decrypts Teal bodies, and checks API keys and
 * OAuth tokens. What we send is judged only there.
 */
class SendIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String AES_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path home;

    /** provider, event, secret, the signature header, where the event type is in the body (or header:NAME). */
    static Stream<Arguments> schemes() {
        return Stream.of(
                Arguments.of("paismo", "employee.created", "s3cret", "X-Paismo-Signature", "event_type"),
                Arguments.of("keypay", "EmployeeCreated", "s3cret", "ms-signature", "Notifications.0.Action"),
                Arguments.of("paycor", "Employee.Add", "s3cret", "ms-signature", "Notifications.0.Action"),
                Arguments.of("teal", "user-payroll-submitted", "s3cret", "X-Teal-Signature", "event"),
                Arguments.of("standard-webhooks", "payroll.completed", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "webhook-signature", "type"),
                Arguments.of("svix", "payslip.published", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "svix-signature",
                        "type"),
                Arguments.of("stripe", "payment_intent.succeeded", "whsec_test_secret", "Stripe-Signature", "type"),
                Arguments.of("github", "push", "s3cret", "X-Hub-Signature-256", "header:X-GitHub-Event"),
                Arguments.of("shopify", "orders/create", "s3cret", "X-Shopify-Hmac-Sha256", "header:X-Shopify-Topic"),
                Arguments.of("slack", "app_mention", "s3cret", "X-Slack-Signature", "event.type"),
                Arguments.of("zoom", "meeting.started", "s3cret", "x-zm-signature", "event"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schemes")
    void deliveryVerifiesInTheIndependentReceiver(String provider, String event, String secret, String signatureHeader,
                                                  String typeAt) throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder(provider).secret(secret).start()) {
            CliRun run = CliRun.run(home, null, "send", event, "--provider", provider, "--secret", secret,
                    "--to", receiver.url("/webhook"));
            run.succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            assertThat(got.verified()).as("verified by the independent receiver: %s", got).isTrue();
            assertThat(got.method()).isEqualTo("POST");
            assertThat(got.path()).isEqualTo("/webhook");
            assertThat(got.header(signatureHeader)).isNotBlank();
            assertThat(got.header("content-type")).startsWith("application/json");
            JsonNode body = JSON.readTree(got.body());
            if (typeAt.startsWith("header:")) {
                assertThat(got.header(typeAt.substring(7))).isEqualTo(event);
            } else {
                assertThat(at(body, typeAt).asText()).isEqualTo(event);
            }
            assertThat(run.out()).contains("200 OK").contains("delivered");
        }
    }

    @Test
    void paismoEnvelopeHeadersAndFreshIds() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").start()) {
            for (int i = 0; i < 2; i++) {
                CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                        "--to", receiver.url("/hooks/paismo")).succeeds();
            }
            List<ReceivedRequest> got = receiver.awaitRequests(2, WAIT);
            JsonNode a = JSON.readTree(got.get(0).body());
            JsonNode b = JSON.readTree(got.get(1).body());
            assertThat(fieldNames(a)).containsExactly("id", "event_type", "event_id", "timestamp", "data");
            assertThat(a.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(Duration.between(Instant.parse(a.get("timestamp").asText()), Instant.now()).abs())
                    .isLessThan(Duration.ofMinutes(1));
            assertThat(got.get(0).header("X-Paismo-Event-Id")).isEqualTo(a.get("event_id").asText());
            assertThat(got.get(0).header("X-Paismo-Verification")).isNull();
            assertThat(got.get(0).header("X-Paismo-Signature")).matches("[0-9a-f]{64}");
            assertThat(a.get("id").asText()).isNotEqualTo(b.get("id").asText());
            assertThat(a.get("event_id").asText()).isNotEqualTo(b.get("event_id").asText());
            assertThat(a.at("/data/first_name").asText()).isNotBlank();
        }
    }

    @Test
    void keypayWorkItemIsNewtonsoftIndentedWithCrlfAndUppercaseSignature() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("keypay").secret("s3cret").start()) {
            CliRun.run(home, null, "send", "EmployeeCreated", "--secret", "s3cret", "--to", receiver.url("/wh"))
                    .succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            assertThat(got.verified()).isTrue();
            String text = got.bodyText();
            assertThat(text).startsWith("{\r\n  \"Id\": \"").contains("\r\n  \"Attempt\": 1,\r\n")
                    .doesNotContain("\n\n").doesNotContainPattern("[^\r]\n");
            JsonNode body = JSON.readTree(got.body());
            assertThat(fieldNames(body)).containsExactly("Id", "Attempt", "Properties", "Notifications");
            assertThat(body.get("Id").asText()).matches("[0-9a-f]{32}");
            assertThat(body.at("/Notifications/0/Action").asText()).isEqualTo("EmployeeCreated");
            assertThat(got.header("ms-signature")).matches("sha256=[0-9A-F]{64}");
            assertThat(got.header("content-type")).isEqualTo("application/json; charset=utf-8");
        }
    }

    @Test
    void setAndDataFileEditBeforeSigning() throws Exception {
        Path data = home.resolve("data.json");
        Files.writeString(data, "{\"employee_id\":\"emp_fixed\",\"status\":\"ACTIVE\"}");
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").start()) {
            CliRun.run(home, null, "send", "employee.updated", "--provider", "paismo", "--secret", "s3cret",
                    "--data-file", data.toString(), "--set", "data.status=CLOSED", "--set", "data.count=3",
                    "--to", receiver.url("/webhook")).succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            assertThat(got.verified()).isTrue();
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("data").toString()).isEqualTo("{\"employee_id\":\"emp_fixed\",\"status\":\"CLOSED\",\"count\":3}");
        }
    }

    @Test
    void bodyFileIsSentAsIsAndSigned() throws Exception {
        byte[] raw = "{ \"odd\" :  1 }\n".getBytes(StandardCharsets.UTF_8);
        Path file = home.resolve("body.json");
        Files.write(file, raw);
        try (IndependentReceiver receiver = IndependentReceiver.builder("github").secret("s3cret").start()) {
            CliRun.run(home, null, "send", "push", "--provider", "github", "--secret", "s3cret", "--body-file",
                    file.toString(), "--to", receiver.url("/gh")).succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            assertThat(got.body()).isEqualTo(raw);
            assertThat(got.verified()).isTrue();
            assertThat(got.header("X-GitHub-Event")).isEqualTo("push");
        }
    }

    @Test
    void tealBodiesDecryptInTheIndependentReceiverWithAFreshIvEachTime() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("teal").secret("s3cret").encryptionKey(AES_KEY)
                .start()) {
            for (int i = 0; i < 2; i++) {
                CliRun.run(home, null, "send", "user-payroll-submitted", "--provider", "teal", "--secret", "s3cret",
                        "--encryption-key", AES_KEY, "--to", receiver.url("/teal")).succeeds();
            }
            List<ReceivedRequest> got = receiver.awaitRequests(2, WAIT);
            for (ReceivedRequest r : got) {
                assertThat(r.verified()).as("%s", r).isTrue();
                assertThat(r.status()).isEqualTo(200);
                assertThat(Base64.getDecoder().decode(r.header("X-Teal-Encryption-IV"))).hasSize(12);
                assertThat(r.bodyText()).matches("[A-Za-z0-9+/]+=*");
                JsonNode plain = JSON.readTree(r.decrypted());
                assertThat(plain.get("event").asText()).isEqualTo("user-payroll-submitted");
                assertThat(plain.at("/data/payload/employer/name").isTextual()).isTrue();
            }
            assertThat(got.get(0).header("X-Teal-Encryption-IV")).isNotEqualTo(got.get(1).header("X-Teal-Encryption-IV"));
        }
    }

    @Test
    void tealWithoutPayloadLeavesItOut() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("teal").secret("s3cret").encryptionKey(AES_KEY)
                .start()) {
            CliRun.run(home, null, "send", "user-payroll-submitted", "--provider", "teal", "--secret", "s3cret",
                    "--encryption-key", AES_KEY, "--no-payload", "--to", receiver.url("/teal")).succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            JsonNode plain = JSON.readTree(got.decrypted());
            assertThat(plain.get("data").has("payload")).isFalse();
            assertThat(plain.at("/data/document_filename").isTextual()).isTrue();
        }
    }

    @Test
    void paxosApiKey() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paxos").apiKey("X-API-Key", "k-123").start()) {
            CliRun.run(home, null, "send", "identity.approved", "--api-key", "k-123", "--to", receiver.url("/paxos"))
                    .succeeds();
            CliRun bad = CliRun.run(home, null, "send", "identity.approved", "--api-key", "wrong",
                    "--to", receiver.url("/paxos")).exits(1);
            List<ReceivedRequest> got = receiver.awaitRequests(2, WAIT);
            assertThat(got.get(0).status()).isEqualTo(200);
            assertThat(got.get(1).status()).isEqualTo(401);
            assertThat(bad.out()).contains("401 Unauthorized");
            JsonNode body = JSON.readTree(got.get(0).body());
            assertThat(fieldNames(body)).containsExactlyInAnyOrder("id", "type", "source", "time", "object");
            assertThat(body.get("type").asText()).isEqualTo("identity.approved");
            assertThat(body.get("source").asText()).isEqualTo("com.paxos");
        }
    }

    @Test
    void paxosOAuthFetchesOneTokenWithBasicAndFormAndSendsBearer() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paxos").oauth("client-1", "sec ret/+").start()) {
            CliRun run = CliRun.run(home, null, "send", "orchestration.completed", "--provider", "paxos",
                    "--oauth-token-url", receiver.url("/oauth/token"), "--oauth-client-id", "client-1",
                    "--oauth-client-secret", "sec ret/+", "--count", "3", "--to", receiver.url("/paxos"), "--format", "json");
            run.succeeds();
            List<ReceivedRequest> got = receiver.awaitRequests(4, WAIT);
            ReceivedRequest token = got.get(0);
            assertThat(token.path()).isEqualTo("/oauth/token");
            assertThat(token.status()).isEqualTo(200);
            assertThat(token.header("authorization")).startsWith("Basic ");
            assertThat(token.bodyText()).contains("grant_type=client_credentials").contains("client_id=client-1")
                    .contains("client_secret=");
            for (ReceivedRequest r : got.subList(1, 4)) {
                assertThat(r.path()).isEqualTo("/paxos");
                assertThat(r.status()).as("%s", r).isEqualTo(200);
                assertThat(r.header("authorization")).startsWith("Bearer ");
            }
            assertThat(got).hasSize(4);
            List<JsonNode> lines = jsonLines(run.out());
            assertThat(lines.stream().filter(l -> l.get("type").asText().equals("token")).count()).isEqualTo(1);
            assertThat(lines.stream().filter(l -> l.get("type").asText().equals("attempt")).count()).isEqualTo(3);
        }
    }

    @Test
    void paxosOAuthRefusedTokenFailsTheDelivery() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paxos").oauth("client-1", "right").start()) {
            CliRun run = CliRun.run(home, null, "send", "orchestration.completed", "--provider", "paxos",
                    "--oauth-token-url", receiver.url("/oauth/token"), "--oauth-client-id", "client-1",
                    "--oauth-client-secret", "wrong", "--to", receiver.url("/paxos")).exits(1);
            assertThat(run.out()).contains("no token").contains("401");
            assertThat(receiver.awaitRequests(1, WAIT)).extracting(ReceivedRequest::path).containsExactly("/oauth/token");
        }
    }

    @Test
    void providerIsInferredOnlyWhenUnambiguous(@TempDir Path tmp) {
        CliRun run = CliRun.run(home, null, "send", "employee.created", "--secret", "s", "--to", "http://127.0.0.1:9/");
        run.exits(2);
        assertThat(run.err()).contains("paismo").contains("standard-webhooks").contains("--provider");
        CliRun unknown = CliRun.run(home, null, "send", "no.such.event", "--secret", "s", "--to", "http://127.0.0.1:9/");
        unknown.exits(2);
        assertThat(unknown.err()).contains("no provider has a sample event 'no.such.event'");
    }

    @Test
    void jsonFormatPrintsOneObjectPerAttemptWithRequestInVerbose() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("stripe").secret("whsec_x").script(503).start()) {
            CliRun run = CliRun.run(home, null, "send", "invoice.paid", "--provider", "stripe", "--secret", "whsec_x",
                    "--to", receiver.url("/stripe"), "--retry", "--time-scale", "0.00001", "--format", "json", "--verbose");
            run.succeeds();
            List<JsonNode> lines = jsonLines(run.out());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).get("status").asInt()).isEqualTo(503);
            assertThat(lines.get(0).get("outcome").asText()).isEqualTo("retrying");
            assertThat(lines.get(1).get("status").asInt()).isEqualTo(200);
            assertThat(lines.get(1).get("outcome").asText()).isEqualTo("delivered");
            assertThat(lines.get(1).get("attempt").asInt()).isEqualTo(2);
            assertThat(lines.get(1).get("request_headers").get("Stripe-Signature").asText()).startsWith("t=");
            assertThat(lines.get(1).get("request_body").asText()).contains("\"invoice.paid\"");
            assertThat(receiver.awaitRequests(2, WAIT).get(1).verified()).isTrue();
        }
    }

    static JsonNode at(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String part : dotted.split("\\.")) {
            n = part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
        }
        return n;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    static Map<String, String> env() {
        return Map.of();
    }
}
