package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --forward-to relays the exact bytes and headers, answers with the app's status and body, and a down app is a 502. */
class ListenForwardIT {
    @TempDir
    Path home;

    @Test
    void relaysExactBytesAndHeadersAndAnswersWithTheAppsAnswer() throws Exception {
        AtomicReference<byte[]> gotBody = new AtomicReference<>();
        AtomicReference<String> gotSignature = new AtomicReference<>();
        AtomicReference<String> gotCustom = new AtomicReference<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/hooks", ex -> {
            gotBody.set(ex.getRequestBody().readAllBytes());
            gotSignature.set(ex.getRequestHeaders().getFirst("X-Paismo-Signature"));
            gotCustom.set(ex.getRequestHeaders().getFirst("X-Custom"));
            byte[] answer = "{\"handled\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(202, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        app.start();
        byte[] body = "{ \"event_type\" : \"employee.created\",\n  \"event_id\": \"evt_fw\", \"data\": {} }".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new Signed().add("paismo", "s3cret", body, null).run().get(0);
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret",
                "--forward-to", "http://127.0.0.1:" + app.getAddress().getPort() + "/hooks")) {
            HttpResponse<String> r = listen.post("/webhook", body, Map.of("X-Paismo-Signature", h.get("X-Paismo-Signature"),
                    "X-Custom", "kept", "Content-Type", "application/json"));
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).isEqualTo("{\"handled\":true}");
            assertThat(gotBody.get()).isEqualTo(body);
            assertThat(gotSignature.get()).isEqualTo(h.get("X-Paismo-Signature"));
            assertThat(gotCustom.get()).isEqualTo("kept");
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.get("forward_status").asInt()).isEqualTo(202);
            assertThat(line.get("status").asInt()).isEqualTo(202);
            assertThat(line.get("forwarded_to").asText()).endsWith("/hooks");
            // An invalid delivery is refused here and never reaches the app.
            gotBody.set(null);
            HttpResponse<String> bad = listen.post("/webhook", body, Map.of("X-Paismo-Signature", "00"));
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(gotBody.get()).isNull();
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aDownAppIsAClear502ThatIsRecorded() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        byte[] body = "{\"event_type\":\"employee.created\",\"event_id\":\"evt_down\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new Signed().add("paismo", "s3cret", body, null).run().get(0);
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret",
                "--forward-to", "http://127.0.0.1:" + port + "/hooks")) {
            HttpResponse<String> r = listen.post("/webhook", body, Map.of("X-Paismo-Signature", h.get("X-Paismo-Signature"),
                    "Content-Type", "application/json"));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("could not connect").contains(String.valueOf(port));
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.get("forward_error").asText()).contains("could not connect");
            assertThat(line.get("stored").asBoolean()).isTrue();
            assertThat(listen.stop()).isZero();
            assertThat(listen.err()).contains("forwarded 1");
        }
    }
}
