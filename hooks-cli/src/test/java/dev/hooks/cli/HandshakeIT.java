package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hooks.testing.IndependentReceiver;
import dev.hooks.testing.ReceivedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hooks handshake} against receivers that answer as the providers require, and ones that get it wrong. */
class HandshakeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"paismo", "keypay", "paycor", "slack", "zoom"})
    void passesAgainstTheIndependentReceiver(String provider) {
        try (IndependentReceiver receiver = IndependentReceiver.builder(provider).secret("s3cret").start()) {
            CliRun run = CliRun.run(home, null, "handshake", "--provider", provider, "--secret", "s3cret",
                    "--to", receiver.url("/webhook?x=1"));
            run.succeeds();
            assertThat(run.out()).contains("passed:");
            ReceivedRequest got = receiver.awaitRequests(1, Duration.ofSeconds(10)).get(0);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.verified()).as("%s", got).isNotEqualTo(Boolean.FALSE);
        }
    }

    @Test
    void paismoChallengeIsAPostWithTheVerificationHeader() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo").secret("s3cret").start()) {
            CliRun.run(home, null, "handshake", "--provider", "paismo", "--to", receiver.url("/webhook")).succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, Duration.ofSeconds(10)).get(0);
            assertThat(got.method()).isEqualTo("POST");
            assertThat(got.header("X-Paismo-Verification")).isEqualTo("handshake");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("challenge").asText()).startsWith("v_tok_");
        }
    }

    @Test
    void echoGetReplacesTheQueryAndNoechoSkips() {
        try (IndependentReceiver receiver = IndependentReceiver.builder("keypay").secret("s3cret").start()) {
            CliRun.run(home, null, "handshake", "--provider", "keypay", "--to", receiver.url("/api/hooks?code=abc"))
                    .succeeds();
            ReceivedRequest got = receiver.awaitRequests(1, Duration.ofSeconds(10)).get(0);
            assertThat(got.method()).isEqualTo("GET");
            assertThat(got.query()).matches("echo=[0-9a-f]{32}");
            CliRun skipped = CliRun.run(home, null, "handshake", "--provider", "keypay",
                    "--to", receiver.url("/api/hooks?noecho"));
            skipped.succeeds();
            assertThat(skipped.out()).contains("skipped");
        }
    }

    @Test
    void sameJsonWithOtherBytesPassesWithTheDifferenceReported() throws Exception {
        try (Server s = Server.start(x -> reply(200, prettify(body(x))))) {
            CliRun run = CliRun.run(home, null, "handshake", "--provider", "paismo", "--to", s.url());
            run.succeeds();
            assertThat(run.out()).contains("passed: the receiver answered the same JSON")
                    .contains("note: the bytes differ").contains("first difference at byte 1");
        }
    }

    @Test
    void wrongAnswersFailWithTheReason() throws Exception {
        try (Server s = Server.start(x -> reply(200, "{\"challenge\":\"something else\"}"))) {
            CliRun run = CliRun.run(home, null, "handshake", "--provider", "paismo", "--to", s.url());
            run.exits(1);
            assertThat(run.err()).contains("handshake failed: answered 200 with different JSON");
        }
        try (Server s = Server.start(x -> reply(204, ""))) {
            CliRun.run(home, null, "handshake", "--provider", "paismo", "--to", s.url()).exits(1);
        }
        try (Server s = Server.start(x -> reply(200, "\"" + x.getRequestURI().getQuery().substring(5) + "\""))) {
            CliRun run = CliRun.run(home, null, "handshake", "--provider", "keypay", "--to", s.url());
            run.exits(1);
            assertThat(run.err()).contains("quoted");
        }
        try (Server s = Server.start(x -> reply(200, "{\"plainToken\":\"x\",\"encryptedToken\":\"y\"}"))) {
            CliRun.run(home, null, "handshake", "--provider", "zoom", "--secret", "s", "--to", s.url()).exits(1);
        }
    }

    @Test
    void zoomEncryptedTokenWithAnotherSecretFails() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("zoom").secret("the-real-one").start()) {
            CliRun run = CliRun.run(home, null, "handshake", "--provider", "zoom", "--secret", "another",
                    "--to", receiver.url("/zoom"), "--format", "json");
            run.exits(1);
            JsonNode doc = JSON.readTree(run.out());
            assertThat(doc.get("passed").asBoolean()).isFalse();
            assertThat(doc.get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void unreachableExitsThreeAndNoHandshakeExitsTwo() {
        CliRun.run(home, null, "handshake", "--provider", "paismo", "--to", "http://127.0.0.1:9/").exits(3);
        CliRun none = CliRun.run(home, null, "handshake", "--provider", "github", "--to", "http://127.0.0.1:9/");
        none.exits(2);
        assertThat(none.err()).contains("no URL verification handshake");
        CliRun zoom = CliRun.run(home, null, "handshake", "--provider", "zoom", "--to", "http://127.0.0.1:9/");
        zoom.exits(2);
        assertThat(zoom.err()).contains("secret");
    }

    static String body(HttpExchange x) {
        try {
            return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String prettify(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply reply(int status, String body) {
        return new Reply(status, body);
    }

    record Reply(int status, String body) {}

    /** A receiver written for one test: answers every request with what {@code handler} says. */
    static final class Server implements AutoCloseable {
        private final HttpServer server;

        private Server(HttpServer server) {
            this.server = server;
        }

        static Server start(Function<HttpExchange, Reply> handler) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", x -> {
                Reply r = handler.apply(x);
                byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
                if (b.length > 0) {
                    x.getResponseBody().write(b);
                }
                x.close();
            });
            server.start();
            return new Server(server);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
