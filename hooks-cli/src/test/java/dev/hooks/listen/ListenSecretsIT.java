package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hooks.cli.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client sends credentials (ours, right or wrong, and its own) in every encoding and to every path, including
 * requests refused before they are read (404, 405, 413, 431): none of them reaches the history file, the export, or
 * the listener's verbose JSON output.
 */
class ListenSecretsIT {
    static final String API_KEY = "k3y-v4lue-XYZ";
    static final String CLIENT_SECRET = "cl1ent-s3cret";
    static final String WRONG_KEY = "wr0ng-k3y-4567";
    static final String WRONG_SECRET = "gu3ss-s3cret-999";
    static final String TOKEN = "t0ken-abc-123";

    @TempDir
    Path home;

    static String post(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static String form(String path, String body) {
        return post(path, "Content-Type: application/x-www-form-urlencoded\r\n", body);
    }

    static String json(String path, String body) {
        return post(path, "Content-Type: application/json\r\n", body);
    }

    @Test
    void noCredentialInAnyEncodingOrOnAnyPathIsStoredExportedOrPrinted() throws Exception {
        Path db = home.resolve("h.db");
        String basic = Base64.getEncoder().encodeToString(("paxos-app:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        String filler = "X-Filler: " + "f".repeat(20 * 1024) + "\r\n";
        String huge = "X-Filler: " + "f".repeat(70 * 1024) + "\r\n";
        String event = "{\"id\":\"e1\",\"type\":\"identity.approved\",\"source\":\"com.paxos\",\"time\":\"2024-01-01T00:00:00Z\",\"object\":\"event\"}";
        List<String> requests = List.of(
                // the API key, refused early on every path
                post("/nowhere", "X-Consumer-Key: " + API_KEY + "\r\n", "{}"),
                "GET /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Consumer-Key: " + API_KEY + "\r\n\r\n",
                post("/webhook", "X-Consumer-Key: " + API_KEY + "\r\n", "x".repeat(5000)),
                post("/webhook", "X-Consumer-Key: " + API_KEY + "\r\n" + filler, "{}"),
                post("/webhook", "X-Consumer-Key: " + API_KEY + "\r\n" + huge, "{}"),
                post("/webhook", "X-Consumer-Key: " + WRONG_KEY + "\r\nAuthorization: Bearer " + TOKEN + "\r\n", event),
                // the API key under another name, in the query, the path and a body
                post("/webhook?key=" + API_KEY, "X-Other: " + API_KEY + "\r\nContent-Type: text/plain\r\n", "key " + API_KEY),
                post("/" + API_KEY, "", "{}"),
                // the client secret: form names and values percent-encoded, JSON, JSON-escaped names, query, wrong paths
                form("/oauth/token", "grant_type=client_credentials&client_id=paxos-app&client%5Fsecret=cl1ent%2Ds3cret"),
                form("/oauth/token", "grant_type=client_credentials&client_id=paxos-app&client_secret="
                        + "%63%6c%31%65%6e%74%2d%73%33%63%72%65%74"),
                form("/oauth/token", "grant_type=client_credentials&client_id=paxos-app&client_secret=" + WRONG_SECRET),
                form("/oauth/token", "grant_type=client_credentials&client_id=paxos-app&Client%5FSecret=" + WRONG_SECRET),
                json("/oauth/token", "{\"grant_type\":\"client_credentials\",\"client_secret\":\"" + CLIENT_SECRET + "\"}"),
                json("/oauth/token", "{\"client\\u005fsecret\":\"" + WRONG_SECRET + "\"}"),
                form("/oauth/token?client_secret=" + WRONG_SECRET, "grant_type=client_credentials"),
                form("/oauth/tokens", "grant_type=client_credentials&client_secret=" + WRONG_SECRET),
                json("/nowhere", "{\"nested\":{\"client_secret\":\"" + WRONG_SECRET + "\"}}"),
                post("/oauth/tokens", "Authorization: Basic " + basic + "\r\n", ""),
                post("/webhook?access_token=" + TOKEN, "Content-Type: application/json\r\n", event),
                "PUT /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Basic " + basic
                        + "\r\nContent-Length: 0\r\n\r\n");
        try (ListenRun listen = ListenRun.start(home, Map.of("PAXOS_CLIENT_SECRET", CLIENT_SECRET), "--provider", "paxos",
                "--api-key-header", "X-Consumer-Key", "--api-key", API_KEY, "--oauth-client-id", "paxos-app",
                "--oauth-client-secret-env", "PAXOS_CLIENT_SECRET", "--max-body", "4KiB", "--verbose",
                "--store", db.toString())) {
            List<String> answers = new ArrayList<>();
            for (String r : requests) {
                answers.add(send(listen.port(), r));
            }
            assertThat(answers.get(0)).startsWith("HTTP/1.1 404");
            assertThat(answers.get(1)).startsWith("HTTP/1.1 405");
            assertThat(answers.get(2)).startsWith("HTTP/1.1 413");
            assertThat(answers.get(3)).startsWith("HTTP/1.1 431");
            assertThat(answers.get(4)).startsWith("HTTP/1.1 431");
            assertThat(answers.get(8)).startsWith("HTTP/1.1 200");
            assertThat(answers.get(9)).startsWith("HTTP/1.1 200");
            listen.awaitLines(requests.size());
            assertNoSecret("listen --format json --verbose", listen.out() + listen.err());
            assertThat(listen.stop()).isZero();
        }
        String files = historyFiles();
        assertThat(files).contains("X-Consumer-Key").contains("client_id=paxos-app");
        assertNoSecret("history file", files);
        CliRun export = CliRun.run(home, null, "events", "export", "--store", db.toString()).succeeds();
        assertThat(export.out().lines().count()).isEqualTo(requests.size());
        assertNoSecret("events export", export.out());
        CliRun list = CliRun.run(home, null, "events", "list", "--format", "json", "--store", db.toString()).succeeds();
        assertNoSecret("events list", list.out());
    }

    @Test
    void aReplayTargetEchoingCredentialsBackLeavesNoneInTheHistory() throws Exception {
        Path db = home.resolve("h.db");
        // The target answers with every request header and the body, in its headers and its body.
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", ex -> {
            StringBuilder text = new StringBuilder();
            ex.getRequestHeaders().forEach((name, values) -> values.forEach(v -> {
                text.append(name).append(": ").append(v).append('\n');
                ex.getResponseHeaders().add("X-Echo-" + name, v);
            }));
            text.append('\n').append(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.getResponseHeaders().add("X-Echo-Key", API_KEY);
            ex.getResponseHeaders().add("Set-Cookie", "session=" + TOKEN + "; client_secret=" + CLIENT_SECRET);
            byte[] answer = text.toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        echo.start();
        String target = "http://127.0.0.1:" + echo.getAddress().getPort() + "/echo?api_key=" + API_KEY;
        String event = "{\"id\":\"e1\",\"type\":\"identity.approved\",\"source\":\"com.paxos\",\"time\":\"2024-01-01T00:00:00Z\",\"object\":\"event\"}";
        try (ListenRun listen = ListenRun.start(home, Map.of("PAXOS_CLIENT_SECRET", CLIENT_SECRET), "--provider", "paxos",
                "--api-key-header", "X-Consumer-Key", "--api-key", API_KEY, "--oauth-client-id", "paxos-app",
                "--oauth-client-secret-env", "PAXOS_CLIENT_SECRET", "--store", db.toString())) {
            String answer = send(listen.port(), post("/webhook", "X-Consumer-Key: " + API_KEY + "\r\nX-Other: " + API_KEY
                    + "\r\nContent-Type: application/json\r\n", event));
            assertThat(answer).startsWith("HTTP/1.1 "); // refused or not, it is recorded and can be replayed
            String id = listen.awaitLines(1).get(0).path("id").asText();
            // As recorded, and with a body edited to carry the client secret and the API key.
            String edited = "{\"client_secret\":\"" + CLIENT_SECRET + "\",\"note\":\"key " + API_KEY + "\"}";
            for (Map<String, Object> replay : List.of(Map.<String, Object>of("to", target),
                    Map.<String, Object>of("to", target, "body", edited))) {
                HttpResponse<String> r = ListenRun.send(HttpRequest.newBuilder(listen.url("/_hooks/api/deliveries/" + id + "/replay"))
                        .header("Authorization", "Bearer " + listen.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ListenRun.JSON.writeValueAsString(replay))).build());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("\"status\":200");
            }
            assertThat(listen.stop()).isZero();
        } finally {
            echo.stop(0);
        }
        String files = historyFiles();
        assertThat(files).containsIgnoringCase("X-Echo-Key").contains("client_secret");
        assertNoSecret("history file", files);
        CliRun export = CliRun.run(home, null, "events", "export", "--store", db.toString()).succeeds();
        assertThat(export.out().lines().count()).isEqualTo(3);
        assertThat(export.out()).contains("\"kind\":\"replay\"");
        assertNoSecret("events export", export.out());
    }

    @Test
    void aFailedSignatureCheckDoesNotTellTheClientTheExpectedSignature() throws Exception {
        byte[] body = ListenBoundsIT.delivery("evt_oracle");
        String expected = ListenBoundsIT.signed(body).get("X-Paismo-Signature");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", ListenBoundsIT.SECRET,
                "--store", home.resolve("h.db").toString())) {
            String wrong = "0".repeat(64);
            String answer = send(listen.port(), post("/webhook", "Content-Type: application/json\r\nX-Paismo-Signature: "
                    + wrong + "\r\n", new String(body, StandardCharsets.UTF_8)));
            assertThat(answer).startsWith("HTTP/1.1 401").contains("signature mismatch");
            assertThat(answer).doesNotContain(expected).doesNotContain(expected.toUpperCase(java.util.Locale.ROOT));
            // The loopback-only inspector may show it, to help debugging.
            String id = listen.awaitLines(1).get(0).path("id").asText();
            assertThat(listen.inspector("/_hooks/api/deliveries/" + id).body()).contains(expected);
        }
    }

    private String historyFiles() throws IOException {
        return historyFiles(home);
    }

    /** The raw bytes of the history file {@code h.db} in {@code home} and its journal, as text. */
    static String historyFiles(Path home) throws IOException {
        StringBuilder files = new StringBuilder();
        try (Stream<Path> all = Files.list(home)) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith("h.db")).toList()) {
                files.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return files.toString();
    }

    static void assertNoSecret(String where, String text) {
        for (String s : List.of(API_KEY, CLIENT_SECRET, WRONG_KEY, WRONG_SECRET, TOKEN, "cl1ent%2Ds3cret",
                "%63%6c%31%65%6e%74", Base64.getEncoder().encodeToString(("paxos-app:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))) {
            int at = text.indexOf(s);
            String around = at < 0 ? "" : text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100));
            assertThat(at).as("%s holds %s: ...%s...", where, s, around).isNegative();
        }
    }

    static String send(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException reset) {
                return "reset";
            }
        }
    }
}
