package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hooks.scheme.Headers;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.scheme.Verification;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's API over real HTTP: a real Javalin on a free port, a real SQLite history, a real receiver. */
class InspectorRoutesIT {
    static final String SECRET = "whsec_inspector-test-secret-7f3a";
    static final ObjectMapper JSON = new ObjectMapper();
    static final ProviderCatalog CATALOG = new ProviderCatalog(List.of());

    @TempDir
    Path dir;

    DeliveryStore store;
    Javalin app;
    InspectorRoutes inspector;
    HttpServer receiver;
    final BlockingQueue<Received> arrived = new LinkedBlockingQueue<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base;
    String receiverUrl;

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void start() throws IOException {
        store = DeliveryStore.open(dir.resolve("history.db"));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            arrived.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    new LinkedHashMap<>(ex.getRequestHeaders()), body));
            byte[] answer = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(202, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        receiver.start();
        receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/app/hooks";
        SignatureScheme stripe = SignatureScheme.of(CATALOG.get("stripe"), SECRET);
        Replayer replayer = new HttpReplayer(store, receiverUrl, p -> p.equals("stripe") ? stripe : null,
                Clock.systemUTC(), Duration.ofSeconds(5));
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            inspector = InspectorRoutes.register(cfg, store, replayer, CATALOG::find, Duration.ofMillis(200));
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        inspector.close();
        app.stop();
        receiver.stop(0);
        store.close();
    }

    /** A Stripe delivery signed with SECRET, as the listener would record it. */
    StoredDelivery stripe(String type, String eventId, boolean valid) {
        byte[] body = ("{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"amount\":12.50,\"data\":{\"note\":\"<script>alert(1)</script>\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        SignatureScheme.Signed signed = SignatureScheme.of(CATALOG.get("stripe"), valid ? SECRET : "whsec_wrong")
                .sign(body, null, ts, null);
        StoredDelivery.Builder b = StoredDelivery.builder().receivedAt(Instant.now()).provider("stripe")
                .path("/webhook").header("Host", "127.0.0.1:3000");
        signed.headers().forEach(b::header);
        Verification v = SignatureScheme.of(CATALOG.get("stripe"), SECRET)
                .verify(body, headersOf(signed.headers()), null, Instant.now(), Duration.ofMinutes(5));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", v.valid());
        doc.put("algorithm", v.algorithm());
        doc.put("encoding", v.encoding());
        doc.put("received", v.received());
        if (!v.isValid()) {
            doc.put("expected", v.expected());
        }
        doc.put("timestamp", v.timestamp());
        return store.save(b.body(body).eventType(type).eventId(eventId).verified(v.valid()).reason(v.reason())
                .verification(dev.hooks.scheme.Json.write(doc, 0))
                .status(valid ? 200 : 400).responseHeader("Content-Type", "application/json")
                .responseBody("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)).build());
    }

    static Headers headersOf(Map<String, String> map) {
        return Headers.of(map);
    }

    StoredDelivery unsigned(String provider, String type) {
        return store.save(StoredDelivery.builder().receivedAt(Instant.now()).provider(provider).path("/webhook")
                .header("Content-Type", "application/json").body("{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .eventType(type).verified(null).status(200).build());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> res = get(path);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    HttpResponse<String> post(String path, String json, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("deliveries").forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void servesThePageAndItsAssetsFromTheJarWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/_hooks/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).contains("/_hooks/app.js").contains("/_hooks/app.css")
                .doesNotContainPattern("(src|href)=\"(https?:)?//"); // works offline: nothing loaded from elsewhere
        assertThat(get("/_hooks/app.js").body()).contains("EventSource").doesNotContain("innerHTML");
        assertThat(get("/_hooks/app.css").body()).contains("prefers-color-scheme: dark");
        assertThat(InspectorRoutes.owns("/_hooks/")).isTrue();
        assertThat(InspectorRoutes.owns("/_hooks")).isTrue();
        assertThat(InspectorRoutes.owns("/_hooksy")).isFalse();
        assertThat(InspectorRoutes.owns("/webhook")).isFalse();
    }

    @Test
    void listsNewestFirstFiltersAndPages() throws Exception {
        StoredDelivery a = stripe("charge.succeeded", "evt_1", true);
        StoredDelivery b = stripe("charge.failed", "evt_2", false);
        StoredDelivery c = unsigned("paxos", "identity.approved");
        StoredDelivery d = stripe("charge.succeeded", "evt_3", true);

        assertThat(ids(getJson("/_hooks/api/deliveries"))).containsExactly(d.id(), c.id(), b.id(), a.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?provider=stripe"))).containsExactly(d.id(), b.id(), a.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?event_type=charge.succeeded"))).containsExactly(d.id(), a.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?verified=valid"))).containsExactly(d.id(), a.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?verified=invalid"))).containsExactly(b.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?verified=unsigned"))).containsExactly(c.id());
        assertThat(ids(getJson("/_hooks/api/deliveries?after_seq=" + b.seq()))).containsExactly(d.id(), c.id());

        JsonNode first = getJson("/_hooks/api/deliveries?limit=2");
        assertThat(ids(first)).containsExactly(d.id(), c.id());
        assertThat(first.path("next_before_seq").asLong()).isEqualTo(c.seq());
        JsonNode second = getJson("/_hooks/api/deliveries?limit=2&before_seq=" + c.seq());
        assertThat(ids(second)).containsExactly(b.id(), a.id());
        assertThat(second.path("next_before_seq").isNull()).isTrue();

        JsonNode row = getJson("/_hooks/api/deliveries?verified=invalid").path("deliveries").get(0);
        assertThat(row.path("provider").asText()).isEqualTo("stripe");
        assertThat(row.path("event_type").asText()).isEqualTo("charge.failed");
        assertThat(row.path("event_id").asText()).isEqualTo("evt_2");
        assertThat(row.path("result").asText()).isEqualTo("invalid");
        assertThat(row.path("status").asInt()).isEqualTo(400);
        assertThat(row.path("received_at").asText()).isEqualTo(b.receivedAt().toString());

        assertThat(get("/_hooks/api/deliveries?verified=maybe").statusCode()).isEqualTo(400);
        assertThat(get("/_hooks/api/deliveries?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/_hooks/api/deliveries?after_seq=x").statusCode()).isEqualTo(400);
    }

    @Test
    void detailShowsBodiesVerificationStepsAndTheAnswer() throws Exception {
        StoredDelivery bad = stripe("charge.failed", "evt_9", false);
        JsonNode d = getJson("/_hooks/api/deliveries/" + bad.id());

        assertThat(d.path("headers").toString()).contains("Stripe-Signature");
        assertThat(d.path("body").path("text").asText()).isEqualTo(new String(bad.body(), StandardCharsets.UTF_8));
        assertThat(d.path("body").path("base64").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(bad.body()));
        assertThat(d.path("body").path("json").asText()).contains("\n").contains("\"amount\" : 12.50");
        assertThat(d.path("answer").path("status").asInt()).isEqualTo(400);
        assertThat(d.path("answer").path("body").path("text").asText()).isEqualTo("{\"ok\":true}");
        assertThat(d.path("can_resign").asBoolean()).isTrue();

        JsonNode v = d.path("verification");
        String ts = bad.header("Stripe-Signature").replaceAll("^t=(\\d+),.*", "$1");
        assertThat(v.path("result").asText()).isEqualTo("invalid");
        assertThat(v.path("reason").asText()).contains("mismatch");
        assertThat(v.path("header").asText()).isEqualTo("Stripe-Signature");
        assertThat(v.path("signed_template").asText()).isEqualTo("{timestamp}.{body}");
        assertThat(v.path("signed_content").asText()).isEqualTo(ts + "." + new String(bad.body(), StandardCharsets.UTF_8));
        assertThat(v.path("encoding").asText()).isEqualTo("hex");
        assertThat(v.path("algorithm").asText()).isEqualTo("hmac-sha256");
        String expected = SignatureScheme.of(CATALOG.get("stripe"), SECRET).sign(bad.body(), null, ts, null).signatureValue()
                .replaceAll(".*v1=", "");
        assertThat(v.path("expected").asText()).isEqualTo(expected);
        assertThat(v.path("received").get(0).asText()).isNotEqualTo(expected).hasSize(64);
        assertThat(v.path("timestamp").asText()).isEqualTo(ts);

        StoredDelivery encrypted = store.save(StoredDelivery.builder().receivedAt(Instant.now()).provider("teal")
                .body("AAEC".getBytes(StandardCharsets.UTF_8)).decrypted("{\"plain\":1}".getBytes(StandardCharsets.UTF_8))
                .forwardedTo("http://127.0.0.1:9/x").forwardError("connection refused").build());
        JsonNode e = getJson("/_hooks/api/deliveries/" + encrypted.seq());
        assertThat(e.path("decrypted_body").path("text").asText()).isEqualTo("{\"plain\":1}");
        assertThat(e.path("forward").path("error").asText()).isEqualTo("connection refused");

        StoredDelivery binary = store.save(StoredDelivery.builder().receivedAt(Instant.now())
                .body(new byte[] {(byte) 0xff, 0, 1}).build());
        JsonNode bin = getJson("/_hooks/api/deliveries/" + binary.id());
        assertThat(bin.path("body").path("text").isNull()).isTrue();
        assertThat(bin.path("body").path("base64").asText()).isEqualTo("/wAB");

        HttpResponse<String> missing = get("/_hooks/api/deliveries/d_nothinghere1");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).contains("d_nothinghere1");
    }

    @Test
    void streamsEachStoredDeliveryKeepsAliveAndUnsubscribesOnDisconnect() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/_hooks/api/stream"))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> res = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = res.get(5, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        awaitLine(lines, l -> l.startsWith(": hooks inspector stream") || l.startsWith(":hooks inspector stream"));
        awaitCondition(() -> inspector.streamCount() == 1);

        StoredDelivery d = stripe("invoice.paid", "evt_live", true);
        String data = awaitLine(lines, l -> l.startsWith("data:") && l.contains(d.id()));
        JsonNode summary = JSON.readTree(data.substring("data:".length()).strip());
        assertThat(summary.path("event_type").asText()).isEqualTo("invoice.paid");
        assertThat(summary.path("result").asText()).isEqualTo("valid");
        awaitLine(lines, l -> l.contains("keep-alive"));

        response.body().close();
        reader.interrupt();
        awaitCondition(() -> inspector.streamCount() == 0);
    }

    @Test
    void aReconnectingStreamGetsWhatItMissed() throws Exception {
        StoredDelivery a = unsigned("paxos", "one");
        StoredDelivery b = unsigned("paxos", "two");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/_hooks/api/stream"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(a.seq())).build();
        HttpResponse<Stream<String>> response = http.send(req, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        awaitLine(lines, l -> l.startsWith("data:") && l.contains(b.id()));
        response.body().close();
    }

    @Test
    void replaysRecordedBytesToTheForwardTargetAndRecordsTheReplay() throws Exception {
        StoredDelivery d = stripe("charge.succeeded", "evt_r", true);
        HttpResponse<String> res = post("/_hooks/api/deliveries/" + d.id() + "/replay", "{\"to\":null,\"body\":null,\"resign\":false}", base);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode r = JSON.readTree(res.body());
        assertThat(r.path("ok").asBoolean()).isTrue();
        assertThat(r.path("status").asInt()).isEqualTo(202);
        assertThat(r.path("to").asText()).isEqualTo(receiverUrl);

        Received got = arrived.poll(5, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.path()).isEqualTo("/app/hooks");
        assertThat(got.body()).isEqualTo(d.body());
        assertThat(got.header("Stripe-Signature")).isEqualTo(d.header("Stripe-Signature"));

        StoredDelivery replay = store.find(r.path("replay_id").asText()).orElseThrow();
        assertThat(replay.kind()).isEqualTo(StoredDelivery.REPLAY);
        assertThat(replay.replayOf()).isEqualTo(d.id());
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body()).isEqualTo(d.body());
        assertThat(ids(getJson("/_hooks/api/deliveries?kind=replay"))).containsExactly(replay.id());
        assertThat(getJson("/_hooks/api/deliveries/" + replay.id()).path("replay_of").asText()).isEqualTo(d.id());
    }

    @Test
    void anEditedBodyIsResignedSoTheReceiverCanVerifyIt() throws Exception {
        StoredDelivery d = stripe("charge.succeeded", "evt_e", true);
        String edited = "{\"id\":\"evt_edited\",\"type\":\"charge.succeeded\",\"amount\":99}";
        String other = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/elsewhere";
        HttpResponse<String> res = post("/_hooks/api/deliveries/" + d.id() + "/replay",
                JSON.writeValueAsString(Map.of("to", other, "body", edited, "resign", true)), null);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).path("resigned").asBoolean()).isTrue();
        // Recorded under the event id the edited body carries.
        String replayId = JSON.readTree(res.body()).path("replay_id").asText();
        assertThat(getJson("/_hooks/api/deliveries/" + replayId).path("event_id").asText()).isEqualTo("evt_edited");

        Received got = arrived.poll(5, TimeUnit.SECONDS);
        assertThat(got.path()).isEqualTo("/elsewhere");
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(edited);
        assertThat(got.header("Stripe-Signature")).isNotEqualTo(d.header("Stripe-Signature"));
        Verification v = SignatureScheme.of(CATALOG.get("stripe"), SECRET).verify(got.body(),
                Headers.of(Map.of("Stripe-Signature", got.header("Stripe-Signature"))), null, Instant.now(),
                Duration.ofMinutes(5));
        assertThat(v.isValid()).as(String.valueOf(v.reason())).isTrue();

        // Without re-signing, the recorded signature goes out with the edited body and no longer matches.
        post("/_hooks/api/deliveries/" + d.id() + "/replay", JSON.writeValueAsString(Map.of("body", edited)), null);
        Received unsigned = arrived.poll(5, TimeUnit.SECONDS);
        assertThat(unsigned.header("Stripe-Signature")).isEqualTo(d.header("Stripe-Signature"));
    }

    @Test
    void refusesReplaysFromOtherOriginsAndBadRequests() throws Exception {
        StoredDelivery d = stripe("charge.succeeded", "evt_x", true);
        String path = "/_hooks/api/deliveries/" + d.id() + "/replay";
        assertThat(post(path, "{}", "http://evil.example").statusCode()).isEqualTo(403);
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(post(path, "not json", null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"to\":\"ftp://x\"}", null).statusCode()).isEqualTo(400);
        StoredDelivery paxos = unsigned("paxos", "identity.approved");
        HttpResponse<String> noSecret = post("/_hooks/api/deliveries/" + paxos.id() + "/replay", "{\"resign\":true}", null);
        assertThat(noSecret.statusCode()).isEqualTo(400);
        assertThat(noSecret.body()).contains("paxos");
        assertThat(arrived).isEmpty();

        HttpResponse<String> refused = post(path, "{\"to\":\"http://127.0.0.1:1/\"}", null);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(refused.body()).path("ok").asBoolean()).isFalse();
        assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("connect");
    }

    @Test
    void curlSendsTheSameBytesAndExportIsADownloadOfJsonLines() throws Exception {
        StoredDelivery a = stripe("charge.succeeded", "evt_it's", true);
        StoredDelivery b = unsigned("paxos", "identity.approved");

        HttpResponse<String> curl = get("/_hooks/api/deliveries/" + a.id() + "/curl");
        assertThat(curl.body()).startsWith("curl -sS -X 'POST' '" + base + "/webhook'")
                .contains("-H 'Stripe-Signature: " + a.header("Stripe-Signature") + "'")
                .contains("evt_it'\\''s")
                .doesNotContain("Host:");
        assertThat(get("/_hooks/api/deliveries/" + a.id() + "/curl?to=http://x.test/y").body())
                .startsWith("curl -sS -X 'POST' 'http://x.test/y'");

        HttpResponse<String> export = get("/_hooks/api/export");
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                cd -> assertThat(cd).startsWith("attachment").contains(".jsonl"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(n -> n.path("id").asText()).containsExactly(a.id(), b.id());
        assertThat(lines.get(0).path("body").asText()).isEqualTo(new String(a.body(), StandardCharsets.UTF_8));
        assertThat(lines.get(0).path("headers").toString()).contains("Stripe-Signature");
        assertThat(get("/_hooks/api/export?provider=paxos").body().strip().split("\n")).hasSize(1);
    }

    @Test
    void noSecretReachesAnyAnswer() throws Exception {
        StoredDelivery good = stripe("charge.succeeded", "evt_s1", true);
        StoredDelivery bad = stripe("charge.failed", "evt_s2", false);
        post("/_hooks/api/deliveries/" + good.id() + "/replay", "{\"resign\":true}", null);
        arrived.poll(5, TimeUnit.SECONDS);
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/_hooks/api/info", "/_hooks/api/deliveries", "/_hooks/api/export",
                "/_hooks/api/deliveries/" + good.id(), "/_hooks/api/deliveries/" + bad.id(),
                "/_hooks/api/deliveries/" + good.id() + "/curl", "/_hooks/api/deliveries/" + bad.id() + "/curl")) {
            all.append(get(path).body());
        }
        for (StoredDelivery d : store.list(Query.all())) {
            all.append(get("/_hooks/api/deliveries/" + d.id()).body());
        }
        assertThat(all).isNotEmpty().doesNotContain(SECRET).doesNotContain("inspector-test-secret");
    }

    static String awaitLine(BlockingQueue<String> lines, java.util.function.Predicate<String> p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null) {
                seen.add(l);
                if (p.test(l)) {
                    return l;
                }
            }
        }
        throw new AssertionError("no matching line within 5 s; saw " + seen);
    }

    static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
