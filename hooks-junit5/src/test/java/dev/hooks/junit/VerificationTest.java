package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a receiver accepts and refuses, over real HTTP: signatures, tampering, encryption and API keys. */
@ExtendWith(HooksExtension.class)
class VerificationTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCorrectlySignedDeliveryIsVerifiedAndKeptAsSent(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver)
            throws Exception {
        SendResult sent = Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO)
                .set("data.department_id", "dep_finance").to(receiver.url());
        assertThat(sent.status()).isEqualTo(200);

        ReceivedDelivery d = receiver.awaitDelivery(WAIT);
        assertThat(d).isVerified().hasProvider("paismo").hasEventType("employee.updated").hasStatus(200)
                .hasPath("/webhook").hasRawBody(sent.requestBody()).hasBodyContaining("dep_finance")
                .hasHeader("x-paismo-signature", sent.requestHeaders().get("X-Paismo-Signature"));
        assertThat(d.reason()).isNull();
        assertThat(d.method()).isEqualTo("POST");
        assertThat(d.eventId()).isEqualTo(JSON.readTree(sent.requestBody()).get("event_id").asText());
        assertThat(d.headers().get("X-PAISMO-EVENT-ID")).isEqualTo(d.eventId());
        assertThat(d.plaintext()).isEqualTo(d.rawBody());
        assertThat(d.decrypted()).isFalse();
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(d.simulated()).isFalse();
        assertThat(receiver.deliveries()).containsExactly(d);
    }

    @Test
    void aWrongSecretIsRefusedWithTheReason(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver) {
        SendResult sent = Hooks.send("employee.created").provider("paismo").secret("not-the-secret").to(receiver.url());
        assertThat(sent.status()).isEqualTo(401);

        ReceivedDelivery d = receiver.awaitRefused(WAIT);
        assertThat(d).isNotVerified().isRefused().hasStatus(401).hasProvider("paismo").hasEventType("employee.created");
        assertThat(d.reason()).isNotBlank();
        assertThat(sent.responseText()).contains(d.reason());
        assertThat(d.toString()).contains("POST /webhook [paismo employee.created", "→ 401 refused: " + d.reason());
    }

    @Test
    void aTamperedBodyIsRefused(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver) throws Exception {
        byte[] body = "{\"event_type\":\"employee.created\",\"event_id\":\"evt_1\",\"data\":{\"salary\":100}}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Hooks.sign("paismo", Secrets.PAISMO, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("100", "900").getBytes(StandardCharsets.UTF_8);

        assertThat(post(receiver.url(), headers, tampered).statusCode()).isEqualTo(401);
        assertThat(post(receiver.url(), headers, body).statusCode()).isEqualTo(200);

        ReceivedDelivery refused = receiver.awaitRefused(WAIT);
        assertThat(refused).isNotVerified().hasStatus(401).hasEventId("evt_1").hasRawBody(tampered);
        ReceivedDelivery genuine = receiver.awaitDelivery(WAIT);
        assertThat(genuine).isVerified().hasEventId("evt_1").hasRawBody(body);
        assertThat(genuine.attempt()).as("the refused one came first with the same event id").isEqualTo(2);
    }

    @Test
    void aReSerialisedBodyIsRefused(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver) throws Exception {
        byte[] body = "{\"event_type\": \"employee.created\", \"event_id\": \"evt_2\", \"data\": {}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Hooks.sign("paismo", Secrets.PAISMO, body);
        JsonNode same = JSON.readTree(body);

        assertThat(post(receiver.url(), headers, JSON.writeValueAsBytes(same)).statusCode()).isEqualTo(401);
        assertThat(receiver.awaitRefused(WAIT)).isNotVerified().hasEventType("employee.created");
    }

    @Test
    void encryptedDeliveriesAreDecrypted(
            @Receive(provider = "teal", secret = Secrets.TEAL, encryptionKey = Secrets.TEAL_KEY) HooksReceiver receiver)
            throws Exception {
        SendResult sent = Hooks.send("user-payroll-submitted").provider("teal").secret(Secrets.TEAL)
                .encryptionKey(Secrets.TEAL_KEY).to(receiver.url());
        assertThat(sent.status()).isEqualTo(200);

        ReceivedDelivery d = receiver.awaitDelivery(WAIT);
        assertThat(d).isVerified().hasProvider("teal").hasEventType("user-payroll-submitted").hasRawBody(sent.requestBody())
                .hasHeader("X-Teal-Encryption-IV");
        assertThat(d.decrypted()).isTrue();
        assertThat(d.plaintext()).isNotEqualTo(d.rawBody());
        byte[] expected = Hooks.decrypt("teal", Secrets.TEAL_KEY, sent.requestHeaders(), sent.requestBody());
        assertThat(d.plaintext()).isEqualTo(expected);
        assertThat(JSON.readTree(d.plaintext()).get("event").asText()).isEqualTo("user-payroll-submitted");
        assertThat(d.rawBodyText()).doesNotContain("user-payroll-submitted");
    }

    @Test
    void anEncryptedBodyThatDoesNotDecryptIsRefused(
            @Receive(provider = "teal", secret = Secrets.TEAL, encryptionKey = Secrets.TEAL_KEY) HooksReceiver receiver) {
        String otherKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        SendResult sent = Hooks.send("user-payroll-submitted").provider("teal").secret(Secrets.TEAL)
                .encryptionKey(otherKey).to(receiver.url());
        assertThat(sent.status()).isEqualTo(400);
        assertThat(receiver.awaitRefused(WAIT)).isVerified().hasStatus(400).hasReasonContaining("cannot decrypt");
    }

    @Test
    void anApiKeyIsRequired(@Receive(provider = "paxos", apiKey = Secrets.PAXOS_API_KEY) HooksReceiver receiver) throws Exception {
        SendResult withKey = Hooks.send("identity.approved").provider("paxos").apiKey(Secrets.PAXOS_API_KEY).to(receiver.url());
        SendResult without = Hooks.send("identity.approved").provider("paxos").to(receiver.url());
        SendResult wrong = Hooks.send("identity.approved").provider("paxos").apiKey("another-key").to(receiver.url());
        assertThat(withKey.status()).isEqualTo(200);
        assertThat(without.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);

        ReceivedDelivery ok = receiver.awaitDelivery(WAIT);
        assertThat(ok).isVerified().hasProvider("paxos").hasEventType("identity.approved").hasHeader("X-API-Key", "[redacted]");
        assertThat(receiver.awaitRefused(WAIT)).isNotVerified().hasStatus(401).hasReasonContaining("missing API key header X-API-Key");
        ReceivedDelivery wrongKey = receiver.awaitRefused(WAIT);
        assertThat(wrongKey).isNotVerified().hasStatus(401).hasReasonContaining("wrong API key in X-API-Key");
        assertThat(wrongKey.toString()).doesNotContain(Secrets.PAXOS_API_KEY);
        for (ReceivedDelivery d : receiver.deliveries()) {
            assertThat(d.headers().toString() + d.rawBodyText()).doesNotContain(Secrets.PAXOS_API_KEY);
        }
    }

    @Test
    void anApiKeyInAHeaderOfOnesChoosing(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, apiKey = "k-12345", apiKeyHeader = "X-Hook-Key") HooksReceiver receiver) {
        assertThat(Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).apiKey("X-Hook-Key", "k-12345")
                .to(receiver.url()).status()).isEqualTo(200);
        assertThat(Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(receiver.url()).status())
                .isEqualTo(401);
        assertThat(receiver.awaitDelivery(WAIT)).isVerified();
        assertThat(receiver.awaitRefused(WAIT)).hasReasonContaining("missing API key header X-Hook-Key");
    }

    @Test
    void misdirectedRequestsAreRefusedAndListed(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver)
            throws Exception {
        URI wrongPath = receiver.url().resolve("/nowhere");
        assertThat(post(wrongPath, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(receiver.url()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        assertThat(receiver.awaitRefused(WAIT)).hasStatus(404).hasPath("/nowhere").hasReasonContaining("no webhook endpoint");
        assertThat(receiver.awaitRefused(WAIT)).hasStatus(405);
        assertThat(receiver.deliveries()).hasSize(2).allMatch(ReceivedDelivery::refused);
        receiver.clear();
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void verifyOffAcceptsWhatFailsTheCheckAndSaysWhy(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, verify = false) HooksReceiver receiver) {
        assertThat(Hooks.send("employee.created").provider("paismo").secret("wrong").to(receiver.url()).status()).isEqualTo(200);
        ReceivedDelivery d = receiver.awaitDelivery(WAIT);
        assertThat(d).isNotVerified().hasStatus(200);
        assertThat(d.refused()).isFalse();
        assertThat(d.reason()).isNotBlank();
    }

    static HttpResponse<String> post(URI url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
