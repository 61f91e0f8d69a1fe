package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request reaches the listener by one of two lanes: a POST with a declared length takes the direct lane, a chunked
 * one (or anything else) the servlet path. Whichever carries it, a delivery gets the same answer and the same record.
 */
class ListenLanesIT {
    @TempDir
    Path home;

    /** The same request twice: with Content-Length (the direct lane) and chunked (the servlet path). */
    private record Pair(HttpResponse<String> direct, HttpResponse<String> chunked) {
    }

    @Test
    void aDeliveryIsAnsweredAndRecordedAlikeWhicheverLaneCarriesIt() throws Exception {
        // A profile that signs the URL as well as the body: both lanes must see the URL the client asked for.
        Path providers = Files.createDirectories(home.resolve(".config/hooks/providers"));
        Files.writeString(providers.resolve("urlsig.json"), """
                {"name": "urlsig", "detect": ["X-Url-Signature"],
                 "signature": {"algorithm": "hmac-sha256", "key": "utf8", "signed": "{url}{body}",
                               "header": "X-Url-Signature", "value": "{hex}"}}
                """);
        Path db = home.resolve("lanes.db");
        List<Pair> pairs = new ArrayList<>();
        try (ListenRun listen = ListenRun.start(home, Map.of("XDG_CONFIG_HOME", home.resolve(".config").toString()),
                "--provider", "paismo", "--provider", "urlsig", "--secret", "paismo=s3cret", "--secret", "urlsig=u-secret",
                "--store", db.toString())) {
            byte[] valid = body("evt_lane");
            byte[] malformed = "{\"event_type\":".getBytes(StandardCharsets.UTF_8);
            List<Map<String, String>> sig = new Signed().add("paismo", "s3cret", valid, null)
                    .add("paismo", "s3cret", malformed, null).run();
            String query = "?tenant=t%201&x=2";
            String url = "http://127.0.0.1:" + listen.port() + "/urlsig" + query;
            pairs.add(both(listen, "/paismo", valid, "X-Paismo-Signature", sig.get(0).get("X-Paismo-Signature")));
            pairs.add(both(listen, "/paismo", valid, "X-Paismo-Signature", "00".repeat(32)));
            pairs.add(both(listen, "/paismo", malformed, "X-Paismo-Signature", sig.get(1).get("X-Paismo-Signature")));
            pairs.add(both(listen, "/urlsig" + query, valid, "X-Url-Signature", hmac("u-secret", url, valid)));
            listen.awaitLines(2 * pairs.size());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Pair p : pairs) {
            statuses.add(p.direct().statusCode());
            assertThat(p.chunked().statusCode()).isEqualTo(p.direct().statusCode());
            assertThat(p.chunked().headers().firstValue("content-type"))
                    .isEqualTo(p.direct().headers().firstValue("content-type"));
            assertThat(withoutIds(p.chunked().body())).isEqualTo(withoutIds(p.direct().body()));
        }
        assertThat(statuses).containsExactly(200, 401, 400, 200);

        try (DeliveryStore store = DeliveryStore.open(db)) {
            List<StoredDelivery> all = store.list(Query.all().withOldestFirst(true));
            assertThat(all).hasSize(2 * pairs.size());
            // The lanes share one duplicate check: the chunked copy of the first delivery repeats its event id.
            assertThat(all.get(0).duplicate()).isFalse();
            assertThat(all.get(1).duplicate()).isTrue();
            for (int i = 0; i < all.size(); i += 2) {
                StoredDelivery direct = all.get(i);
                StoredDelivery chunked = all.get(i + 1);
                assertThat(direct.header("Content-Length")).isNotNull();
                assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(chunked.body()).isEqualTo(direct.body());
                assertThat(chunked.status()).isEqualTo(direct.status());
                assertThat(chunked.reason()).isEqualTo(direct.reason());
                assertThat(chunked.verified()).isEqualTo(direct.verified());
                assertThat(chunked.verification()).isEqualTo(direct.verification());
                assertThat(chunked.provider()).isEqualTo(direct.provider());
                assertThat(chunked.path()).isEqualTo(direct.path());
                assertThat(chunked.query()).isEqualTo(direct.query());
                assertThat(chunked.eventId()).isEqualTo(direct.eventId());
                assertThat(chunked.responseHeaders()).isEqualTo(direct.responseHeaders());
                assertThat(withoutIds(new String(chunked.responseBody(), StandardCharsets.UTF_8)))
                        .isEqualTo(withoutIds(new String(direct.responseBody(), StandardCharsets.UTF_8)));
                assertThat(without(chunked.headers(), "transfer-encoding"))
                        .isEqualTo(without(direct.headers(), "content-length"));
            }
        }
    }

    /**
     * Once the store has committed a delivery, its answer is written by the store's thread and the connection goes
     * back to reading: every later request on a kept-alive connection must be read and answered, whether the client
     * sends it at once, after a pause, or pipelined behind the one before.
     */
    @Test
    void keptAliveConnectionsCarryDeliveryAfterDeliveryWhateverTheClientsPace() throws Exception {
        Path db = home.resolve("keepalive.db");
        int connections = 6;
        int rounds = 20;
        List<Integer> statuses;
        try (ListenRun listen = ListenRun.start(home, Map.of(), "--provider", "paismo", "--secret", "paismo=s3cret",
                "--store", db.toString())) {
            ExecutorService clients = Executors.newFixedThreadPool(connections);
            try {
                List<Future<List<Integer>>> runs = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    int client = c;
                    runs.add(clients.submit(() -> converse(listen.port(), client, rounds)));
                }
                statuses = new ArrayList<>();
                for (Future<List<Integer>> run : runs) {
                    statuses.addAll(run.get());
                }
            } finally {
                clients.shutdownNow();
            }
            listen.awaitLines(connections * rounds);
        }
        assertThat(statuses).hasSize(connections * rounds).containsOnly(200);
        try (DeliveryStore store = DeliveryStore.open(db)) {
            List<StoredDelivery> all = store.list(Query.all());
            assertThat(all).hasSize(connections * rounds);
            assertThat(all).allSatisfy(d -> {
                assertThat(d.verified()).isTrue();
                assertThat(d.status()).isEqualTo(200);
                assertThat(d.duplicate()).isFalse();
            });
        }
    }

    /**
     * One client on one connection: {@code rounds} deliveries, each sent once the answer to the one before is read
     * (client 0, 3: at once; 1, 4: after a pause) or two to a write (2, 5: pipelined). Returns the statuses.
     */
    private static List<Integer> converse(int port, int client, int rounds) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000); // a connection left unread fails the test instead of hanging it
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < rounds; ) {
                int together = client % 3 == 2 && i + 1 < rounds ? 2 : 1;
                ByteArrayOutputStream requests = new ByteArrayOutputStream();
                for (int k = 0; k < together; k++) {
                    requests.write(rawDelivery(port, "evt_keepalive_" + client + "_" + (i + k)));
                }
                out.write(requests.toByteArray());
                out.flush();
                for (int k = 0; k < together; k++) {
                    statuses.add(readStatus(in));
                }
                i += together;
                if (client % 3 == 1) {
                    Thread.sleep(15);
                }
            }
        }
        return statuses;
    }

    private static byte[] rawDelivery(int port, String eventId) throws Exception {
        byte[] body = body(eventId);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String head = "POST /paismo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "X-Paismo-Signature: " + HexFormat.of().formatHex(mac.doFinal(body)) + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head.getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        return request.toByteArray();
    }

    /** Reads one response (status line, headers, a body of its Content-Length) and returns its status. */
    private static int readStatus(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        assertThat(in.readNBytes(length)).hasSize(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the listener closed the connection mid-response");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static Pair both(ListenRun listen, String path, byte[] body, String header, String value) {
        HttpRequest direct = HttpRequest.newBuilder(listen.url(path)).timeout(Duration.ofSeconds(20))
                .header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // A publisher of unknown length: the client sends the body chunked.
        HttpRequest chunked = HttpRequest.newBuilder(listen.url(path)).timeout(Duration.ofSeconds(20))
                .header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return new Pair(ListenRun.send(direct), ListenRun.send(chunked));
    }

    private static byte[] body(String eventId) {
        return ("{\"event_type\":\"employee.created\",\"event_id\":\"" + eventId + "\",\"data\":{\"n\":1}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String hmac(String secret, String url, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String withoutIds(String s) {
        return s.replaceAll("d_[0-9a-z]+", "d_ID");
    }

    private static List<StoredDelivery.Header> without(List<StoredDelivery.Header> headers, String name) {
        List<StoredDelivery.Header> out = new ArrayList<>();
        for (StoredDelivery.Header h : headers) {
            if (!h.name().toLowerCase(Locale.ROOT).equals(name)) {
                out.add(h);
            }
        }
        return out;
    }
}
