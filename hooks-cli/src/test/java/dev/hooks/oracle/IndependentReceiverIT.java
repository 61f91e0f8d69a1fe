package dev.hooks.oracle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.testing.EncryptedBody;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.ReceivedRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The independent receiver records, verifies, decrypts and answers as the end-to-end tests of send expect. */
class IndependentReceiverIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void verifiesAPaismoDeliverySignedByTheOracleAndRejectsATamperedOne() throws Exception {
        byte[] body = "{\"id\":\"d1\",\"event_type\":\"employee.created\"}".getBytes(StandardCharsets.UTF_8);
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").script(503).start()) {
            Map<String, String> headers = Oracle.sign("paismo", "s3cret", body);

            assertThat(post(receiver.url("/webhook"), body, headers).statusCode()).isEqualTo(503);
            assertThat(post(receiver.url("/webhook?x=1"), body, headers).statusCode()).isEqualTo(200);
            assertThat(post(receiver.url("/webhook"), body, Map.of("X-Paismo-Signature", "00")).statusCode()).isEqualTo(401);

            List<ReceivedRequest> got = receiver.awaitRequests(3, WAIT);
            assertThat(got).extracting(ReceivedRequest::verified).containsExactly(true, true, false);
            assertThat(got).extracting(ReceivedRequest::status).containsExactly(503, 200, 401);
            assertThat(got.get(1).path()).isEqualTo("/webhook");
            assertThat(got.get(1).query()).isEqualTo("x=1");
            assertThat(got.get(1).body()).isEqualTo(body);
            assertThat(got.get(1).header("X-Paismo-Signature")).isEqualTo(headers.get("X-Paismo-Signature"));
        }
    }

    @Test
    void echoesThePaismoHandshake() throws Exception {
        byte[] challenge = "{\"challenge\":\"v_tok_42\"}".getBytes(StandardCharsets.UTF_8);
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").start()) {
            HttpResponse<byte[]> response = post(receiver.url("/webhook"), challenge, Map.of("X-Paismo-Verification", "handshake"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(challenge);
        }
    }

    @Test
    void decryptsATealBodyAfterCheckingItsSignature() throws Exception {
        String key = "St/73LZ1xHkwX5TanL7V+YAVczn4acozPf3cFySKQXI=";
        byte[] plaintext = "{\"event\":\"user-payroll-submitted\"}".getBytes(StandardCharsets.UTF_8);
        EncryptedBody sealed = Oracle.encrypt(key, plaintext);
        byte[] body = sealed.body().getBytes(StandardCharsets.US_ASCII);
        try (IndependentReceiver receiver = IndependentReceiver.builder("teal").secret("teal-signing").encryptionKey(key).start()) {
            Map<String, String> headers = new HashMap<>(Oracle.sign("teal", "teal-signing", body));
            headers.put("X-Teal-Encryption-IV", sealed.iv());
            assertThat(post(receiver.url("/"), body, headers).statusCode()).isEqualTo(200);

            ReceivedRequest got = receiver.awaitRequests(1, WAIT).get(0);
            assertThat(got.verified()).isTrue();
            assertThat(got.decrypted()).isEqualTo(plaintext);
        }
    }

    @Test
    void issuesBearerTokensForClientCredentialsAndRequiresThem() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paxos").oauth("client-1", "shh").start()) {
            String basic = Base64.getEncoder().encodeToString("client-1:shh".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(receiver.url("/oauth/token")))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=client-1&client_secret=shh"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            String accessToken = new ObjectMapper().readTree(token.body()).get("access_token").asText();

            byte[] event = "{\"id\":\"e1\",\"type\":\"identity.approved\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(post(receiver.url("/hook"), event, Map.of()).statusCode()).isEqualTo(401);
            assertThat(post(receiver.url("/hook"), event, Map.of("Authorization", "Bearer " + accessToken)).statusCode()).isEqualTo(200);

            List<ReceivedRequest> got = receiver.awaitRequests(3, WAIT);
            assertThat(got).extracting(ReceivedRequest::status).containsExactly(200, 401, 200);
            assertThat(got).extracting(ReceivedRequest::verified).containsOnlyNulls();
        }
    }

    private HttpResponse<byte[]> post(String url, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
