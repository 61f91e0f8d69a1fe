package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hooks.store.DeliveryStore;
import dev.hooks.testing.EndlessServer;
import dev.hooks.testing.Heap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the listener reads from the network is bounded: an app that answers a forwarded delivery without end,
 * or with endless headers, a replay target that does the same, an oversized replay request. Each gets its answer,
 * is recorded, and the listener goes on serving within a bounded heap and stops on Ctrl-C.
 */
class ListenBoundsIT {
    static final String SECRET = "s3cret";
    static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    @TempDir
    Path home;

    static Map<String, String> signed(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Map.of("X-Paismo-Signature", HexFormat.of().formatHex(mac.doFinal(body)),
                    "Content-Type", "application/json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] delivery(String id) {
        return ("{\"event_type\":\"employee.created\",\"event_id\":\"" + id + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    ListenRun forwardingTo(String url, Path db) {
        return ListenRun.start(home, "--provider", "paismo", "--secret", SECRET, "--forward-to", url,
                "--forward-timeout", "60s", "--store", db.toString());
    }

    @Test
    void anEndlessForwardAnswerIsCutAndTheDeliveryAnsweredRecordedAndTheListenerStillServes() throws Exception {
        Path db = home.resolve("h.db");
        try (EndlessServer app = EndlessServer.endlessBody(); ListenRun listen = forwardingTo(app.url("/app"), db)) {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                byte[] body = delivery("evt_endless_" + i);
                HttpResponse<String> r = listen.post("/webhook", body, signed(body));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body().length()).isEqualTo(1024 * 1024);
            }
            // Cut at the cap, not at --forward-timeout (60s, above the test client's own 20s).
            assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(40);
            JsonNode line = listen.awaitLines(3).get(2);
            assertThat(line.path("forward_status").asInt()).isEqualTo(200);
            assertThat(line.path("reason").asText()).contains("discarded the rest");
            assertThat(app.written()).isLessThan(Heap.mib(256));
            assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
            assertThat(listen.stop()).isZero();
        }
        try (DeliveryStore store = DeliveryStore.open(db)) {
            assertThat(store.count()).isEqualTo(3);
        }
    }

    @Test
    void endlessHeadersFromTheAppAreA502NamingThem() throws Exception {
        try (EndlessServer app = EndlessServer.endlessHeaders();
                ListenRun listen = forwardingTo(app.url("/app"), home.resolve("h.db"))) {
            byte[] body = delivery("evt_headers");
            HttpResponse<String> r = listen.post("/webhook", body, signed(body));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("the answer's headers exceed");
            assertThat(listen.awaitLines(1).get(0).path("forward_error").asText()).contains("headers");
            assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
        }
    }

    @Test
    void aQueryThatIsNotAValidUrlIsForwardedEscapedNotA500() throws Exception {
        AtomicReference<String> gotQuery = new AtomicReference<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/app", ex -> {
            gotQuery.set(ex.getRequestURI().getRawQuery());
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        app.start();
        try (ListenRun listen = forwardingTo("http://127.0.0.1:" + app.getAddress().getPort() + "/app", home.resolve("h.db"))) {
            byte[] body = delivery("evt_query");
            StringBuilder head = new StringBuilder("POST /webhook?a=%zz&b=x|y&c=%41 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n");
            signed(body).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            String answer = raw(listen.port(), head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), body);
            assertThat(answer).startsWith("HTTP/1.1 204");
            assertThat(gotQuery.get()).isEqualTo("a=%25zz&b=x%7Cy&c=%41");
        } finally {
            app.stop(0);
        }
    }

    @Test
    void replayAnswersEndlessTargetsAndRefusesOversizedBodiesWith413() throws Exception {
        try (EndlessServer headers = EndlessServer.endlessHeaders(); EndlessServer endless = EndlessServer.endlessBody();
                ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", SECRET,
                        "--store", home.resolve("h.db").toString())) {
            byte[] body = delivery("evt_replay");
            String id = ListenRun.idOf(listen.post("/webhook", body, signed(body)));
            String replay = "/_hooks/api/deliveries/" + id + "/replay";
            Map<String, String> api = new java.util.HashMap<>(JSON_BODY);
            api.put("Authorization", "Bearer " + listen.token());
            String bearer = "Authorization: Bearer " + listen.token() + "\r\n";

            JsonNode cutHead = ListenRun.JSON.readTree(listen.post(replay,
                    ("{\"to\":\"" + headers.url("/x") + "\"}").getBytes(StandardCharsets.UTF_8), api).body());
            assertThat(cutHead.path("ok").asBoolean()).isFalse();
            assertThat(cutHead.path("error").asText()).contains("the answer's headers exceed");
            JsonNode cutBody = ListenRun.JSON.readTree(listen.post(replay,
                    ("{\"to\":\"" + endless.url("/x") + "\"}").getBytes(StandardCharsets.UTF_8), api).body());
            assertThat(cutBody.path("status").asInt()).isEqualTo(200);

            // Declared too large: refused before reading.
            String declared = raw(listen.port(), ("POST " + replay + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                    + "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                    new byte[0]);
            assertThat(declared).startsWith("HTTP/1.1 413").contains("larger than 8 MiB");
            // Chunked without end: refused once past the cap.
            String chunked = chunkedWithoutEnd(listen.port(), "POST " + replay + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 413");

            byte[] after = delivery("evt_after");
            assertThat(listen.post("/webhook", after, signed(after)).statusCode()).isEqualTo(200);
            assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
            assertThat(listen.stop()).isZero();
        }
    }

    /** Sends {@code head} and {@code body} on a fresh connection and returns all that comes back. */
    static String raw(int port, byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return readAnswer(s.getInputStream());
        }
    }

    /** Sends a chunked body of up to 64 MiB while reading the answer; returns the answer. */
    static String chunkedWithoutEnd(int port, String head) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("4000\r\n" + "a".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 4096; i++) {
                        out.write(chunk);
                    }
                } catch (IOException refused) {
                    // the listener closed the connection after its 413: expected
                }
            });
            writer.setDaemon(true);
            writer.start();
            String answer = readAnswer(s.getInputStream());
            writer.join(20_000);
            return answer;
        }
    }

    /** Reads one answer: its head, then as many body bytes as its Content-Length says (or to the end). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                if (end >= 0 && m.find() && m.start() < end && text.length() >= end + 4 + Integer.parseInt(m.group(1))) {
                    break;
                }
            }
        } catch (IOException reset) {
            // a connection closed with unread input may be reset after the answer arrived
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
