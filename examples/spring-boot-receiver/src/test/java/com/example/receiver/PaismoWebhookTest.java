package com.example.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.HandshakeResult;
import dev.hooks.check.CheckReport;
import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Paismo, as hooks plays it, against the running app: every sample, the handshake, and the deliveries to refuse. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "paismo.webhook-secret=" + PaismoWebhookTest.SECRET)
@ExtendWith(OutputCaptureExtension.class)
class PaismoWebhookTest {
    static final String SECRET = "paismo-test-signing-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    PaismoEvents events;

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/paismo");
    }

    static List<String> paismoEvents() {
        return Hooks.events("paismo");
    }

    @ParameterizedTest
    @MethodSource("paismoEvents")
    void acceptsAndKeepsEveryPaismoSample(String eventType) throws IOException {
        SendResult sent = Hooks.send(eventType).provider("paismo").secret(SECRET).to(endpoint());

        assertThat(sent.status()).as("%s answered %s", eventType, sent.responseText()).isEqualTo(200);
        JsonNode answer = JSON.readTree(sent.responseText());
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        assertThat(answer.path("event_id").asText()).isEqualTo(sent.eventId());

        JsonNode body = JSON.readTree(sent.requestBody());
        PaismoEvent kept = events.find(sent.eventId()).orElseThrow();
        assertThat(kept.eventType()).isEqualTo(eventType);
        assertThat(kept.deliveryId()).isEqualTo(body.path("id").asText());
        assertThat(kept.data()).isEqualTo(body.path("data"));
        assertThat(kept.data().isObject()).isTrue();
    }

    @Test
    void passesEveryCheckHooksRunsOnAPaismoReceiver() {
        CheckReport report = Hooks.check("paismo").secret(SECRET).to(endpoint());

        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(report.results()).extracting(r -> r.check().id())
                .contains("handshake", "valid", "duplicate", "raw-body", "tampered-body", "wrong-secret");
    }

    @Test
    void handlesARedeliveryOnce() throws Exception {
        SendResult first = Hooks.send("employee.created").provider("paismo").secret(SECRET).to(endpoint());
        assertThat(first.status()).isEqualTo(200);
        int kept = events.all().size();

        HttpResponse<String> again = post(first.requestHeaders(), first.requestBody());

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(events.all()).hasSize(kept);
    }

    @Test
    void answersTheUrlVerificationHandshake() {
        int kept = events.all().size();

        HandshakeResult unsigned = Hooks.handshake("paismo").to(endpoint());
        HandshakeResult signed = Hooks.handshake("paismo").secret(SECRET).to(endpoint());

        assertThat(unsigned.passed()).as(unsigned.reason()).isTrue();
        assertThat(unsigned.status()).isEqualTo(200);
        assertThat(signed.passed()).as(signed.reason()).isTrue();
        assertThat(events.all()).as("a handshake is not an event").hasSize(kept);
    }

    @Test
    void refusesADeliverySignedWithAnotherSecret(CapturedOutput output) throws IOException {
        SendResult sent = Hooks.send("employee.updated").provider("paismo").secret("another-secret").to(endpoint());

        assertThat(sent.status()).isEqualTo(401);
        assertThat(JSON.readTree(sent.responseText()).path("error").asText()).startsWith("signature mismatch");
        assertThat(events.find(sent.eventId())).isEmpty();
        assertThat(output.getAll()).contains("refused a Paismo delivery: signature mismatch")
                .doesNotContain(SECRET).doesNotContain("another-secret");
    }

    @Test
    void refusesAnUnsignedDelivery() throws Exception {
        byte[] body = event("employee.terminated", "{\"termination_date\": \"2026-03-31\"}");

        HttpResponse<String> answer = post(Map.of("Content-Type", "application/json"), body);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo("missing header X-Paismo-Signature");
    }

    @Test
    void refusesATamperedBody() throws Exception {
        byte[] signedBody = event("employee.updated", "{\"employee_id\": \"emp_1\", \"status\": \"ACTIVE\"}");
        byte[] tampered = new String(signedBody, StandardCharsets.UTF_8).replace("ACTIVE", "TERMINATED")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Hooks.sign("paismo", SECRET, signedBody);

        HttpResponse<String> refused = post(headers, tampered);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).startsWith("signature mismatch");
        String eventId = JSON.readTree(signedBody).path("event_id").asText();
        assertThat(events.find(eventId)).isEmpty();

        HttpResponse<String> accepted = post(headers, signedBody);
        assertThat(accepted.statusCode()).as("the body it was signed for").isEqualTo(200);
        assertThat(events.find(eventId).orElseThrow().data().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void refusesAReSerialisedBody() throws Exception {
        byte[] signedBody = event("employee.created", "{\"employee_id\": \"emp_2\", \"first_name\": \"Ada\"}");
        byte[] reserialised = JSON.writeValueAsBytes(JSON.readTree(signedBody));
        assertThat(JSON.readTree(reserialised)).isEqualTo(JSON.readTree(signedBody));
        assertThat(reserialised).isNotEqualTo(signedBody);
        Map<String, String> headers = Hooks.sign("paismo", SECRET, signedBody);

        HttpResponse<String> refused = post(headers, reserialised);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).startsWith("signature mismatch");

        assertThat(post(headers, signedBody).statusCode()).as("the bytes it was signed for").isEqualTo(200);
    }

    /** A Paismo event body as Paismo writes it, with spaces after the colons, and fresh ids. */
    private static byte[] event(String type, String data) {
        return ("{\"id\": \"" + UUID.randomUUID() + "\", \"event_type\": \"" + type + "\", \"event_id\": \""
                + UUID.randomUUID() + "\", \"timestamp\": \"2026-03-02T09:30:00.000Z\", \"data\": " + data + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
