package dev.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Hooks#send} and {@link Hooks#handshake} against a receiver that shares no code with hooks: the JDK's own
 * HTTP server on loopback, which records what arrives and answers as each test scripts it.
 */
class HooksSendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Arrived(String method, Map<String, String> headers, byte[] body) {}

    private HttpServer server;
    private final List<Arrived> arrived = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private volatile String answer = "{\"ok\":true}";
    private URI url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            int status;
            synchronized (arrived) {
                arrived.add(new Arrived(exchange.getRequestMethod(), headers, body));
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSampleArrivesSignedAsThatProviderAndTheResultHoldsTheExactRequest() throws IOException {
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret")
                .set("data.department", "Finance").set("data.grade", 7).to(url);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.delivered()).isTrue();
        assertThat(r.responseText()).isEqualTo("{\"ok\":true}");
        assertThat(r.attempts()).hasSize(1);
        assertThat(arrived).hasSize(1);
        Arrived a = arrived.get(0);
        assertThat(a.method()).isEqualTo("POST");
        assertThat(a.body()).isEqualTo(r.requestBody());
        assertThat(Hooks.verify("paismo", "s3cret", a.headers(), a.body()).valid()).isTrue();
        assertThat(a.headers().get("X-paismo-signature")).isEqualTo(r.requestHeaders().get("X-Paismo-Signature"));

        JsonNode sent = JSON.readTree(a.body());
        assertThat(sent.at("/event_type").asText()).isEqualTo("employee.updated").isEqualTo(r.eventType());
        assertThat(sent.at("/event_id").asText()).isEqualTo(r.eventId());
        assertThat(sent.at("/data/department").asText()).isEqualTo("Finance");
        assertThat(sent.at("/data/grade").isInt()).isTrue();
        assertThat(sent.at("/data/grade").asInt()).isEqualTo(7);
    }

    @Test
    void eachSendIsAFreshEventAndAWrongSecretIsCaughtByTheReceiver() {
        SendRequest request = Hooks.send("employee.created").provider("paismo").secret("s3cret");
        SendResult one = request.to(url);
        SendResult two = request.to(url);
        assertThat(one.eventId()).isNotEqualTo(two.eventId());
        assertThat(Hooks.verify("paismo", "other", arrived.get(0).headers(), arrived.get(0).body()).valid()).isFalse();
    }

    @Test
    void retryFollowsTheScheduleScaledUntilTheReceiverSucceeds() {
        statuses.addAll(List.of(500, 503));
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret").retry(0.0001).to(url);
        assertThat(r.attempts()).extracting(SendResult.Attempt::status).containsExactly(500, 503, 200);
        assertThat(r.attempts()).extracting(SendResult.Attempt::number).containsExactly(1, 2, 3);
        assertThat(r.attempts().get(0).nextWait()).isNotNull();
        assertThat(r.attempts().get(2).nextWait()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(arrived).hasSize(3);
        // every attempt is the same event, as the provider redelivers it
        assertThat(arrived).extracting(x -> x.headers().get("X-paismo-event-id")).containsOnly(r.eventId());
    }

    @Test
    void withoutRetryOneFailedAttemptIsTheResult() {
        statuses.add(500);
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret").to(url);
        assertThat(r.attempts()).hasSize(1);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.delivered()).isFalse();
    }

    @Test
    void anUnreachableReceiverIsAResultWithStatusZeroAndTheReason() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret")
                .to("http://127.0.0.1:" + closed + "/hooks");
        assertThat(r.status()).isZero();
        assertThat(r.error()).isNotBlank();
        assertThat(r.delivered()).isFalse();
    }

    @Test
    void aBodyOfOnesOwnGoesAsItIsAndDataReplacesTheSamplesData() throws IOException {
        byte[] own = "{\"event_type\":\"x\", \"spaced\" : true}".getBytes(StandardCharsets.UTF_8);
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret("s3cret").body(own).to(url);
        assertThat(arrived.get(0).body()).isEqualTo(own);
        assertThat(Hooks.verify("paismo", "s3cret", arrived.get(0).headers(), own).valid()).isTrue();
        assertThat(r.requestBody()).isEqualTo(own);

        Hooks.send("employee.updated").provider("paismo").secret("s3cret").data("{\"employee_id\":\"E-1\"}").to(url);
        assertThat(JSON.readTree(arrived.get(1).body()).at("/data/employee_id").asText()).isEqualTo("E-1");
    }

    @Test
    void theProviderIsFoundFromTheEventWhenOnlyOneSendsItAndTheApiKeyGoesInItsHeader() {
        String paxosEvent = Hooks.events("paxos").get(0);
        SendResult r = Hooks.send(paxosEvent).apiKey("k-123").to(url);
        assertThat(r.provider()).isEqualTo("paxos");
        assertThat(arrived.get(0).headers()).containsEntry("X-api-key", "k-123");
    }

    @Test
    void tealDeliveriesAreEncryptedAndSigned() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String event = Hooks.events("teal").get(0);
        Hooks.send(event).provider("teal").secret("s3cret").encryptionKey(key).to(url);
        Arrived a = arrived.get(0);
        assertThat(Hooks.verify("teal", "s3cret", a.headers(), a.body()).valid()).isTrue();
        byte[] plain = Hooks.decrypt("teal", key, a.headers(), a.body());
        assertThat(new String(plain, StandardCharsets.UTF_8)).contains(event);
    }

    @Test
    void mistakesAreOneLineExceptionsAndNothingIsSent() {
        assertThatThrownBy(() -> Hooks.send("no.such.event").provider("paismo").secret("s").to(url))
                .isInstanceOf(HooksException.class).hasMessageContaining("has no sample event 'no.such.event'")
                .hasMessageContaining("employee.updated");
        assertThatThrownBy(() -> Hooks.send("employee.updated").provider("paismo").to(url))
                .isInstanceOf(HooksException.class).hasMessageContaining("needs a secret");
        assertThatThrownBy(() -> Hooks.send("employee.updated").provider("paismo").secret("s").to("ftp://x/"))
                .isInstanceOf(HooksException.class).hasMessageContaining("http");
        assertThat(arrived).isEmpty();
    }

    @Test
    void paismosHandshakePassesWhenTheChallengeIsEchoedAndFailsOtherwise() throws IOException {
        server.removeContext("/hooks");
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (arrived) {
                arrived.add(new Arrived(exchange.getRequestMethod(), Map.of(), body));
            }
            String challenge = JSON.readTree(body).path("challenge").asText();
            byte[] out = answer.equals("echo") ? ("{\"challenge\":\"" + challenge + "\"}").getBytes(StandardCharsets.UTF_8)
                    : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        answer = "echo";
        HandshakeResult ok = Hooks.handshake("paismo").to(url);
        assertThat(ok.passed()).as(ok.toString()).isTrue();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(new String(ok.requestBody(), StandardCharsets.UTF_8)).contains("challenge");

        answer = "nothing";
        HandshakeResult bad = Hooks.handshake("paismo").to(url);
        assertThat(bad.passed()).isFalse();
        assertThat(bad.reason()).isNotBlank();
    }

    @Test
    void checkFindsAReceiverThatAcceptsEverythingWantingAndSaysWhy() throws IOException {
        dev.hooks.check.CheckReport report = Hooks.check("paismo").secret("s3cret").timeout(java.time.Duration.ofSeconds(2))
                .to(url);
        assertThat(report.reached()).isTrue();
        assertThat(report.passed()).isFalse();
        assertThat(report.toString()).contains("fail").contains(url.toString());
        assertThat(report.results()).anySatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(dev.hooks.check.CheckResult.Outcome.FAIL);
            assertThat(r.reason()).isNotBlank();
        });
        assertThat(arrived).isNotEmpty();

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        dev.hooks.check.CheckReport nobody = Hooks.check("paismo").secret("s3cret").to("http://127.0.0.1:" + closed + "/");
        assertThat(nobody.reached()).isFalse();
        assertThat(nobody.toString()).contains("could not be reached");
    }
}
