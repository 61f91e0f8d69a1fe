package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.EncryptedBody;
import dev.hooks.testing.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and adversarial requests over raw sockets: each gets its documented status, each is recorded, and the
 * listener still serves a valid delivery after all of them.
 */
class ListenHostileIT {
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    static Path home;
    static ListenRun listen;
    static DeliveryStore store;

    /** One hostile request: raw bytes sent in parts (a pause of {@code pauseMs} between them), and what it must get. */
    record Case(String name, List<byte[]> parts, long pauseMs, boolean halfClose, int status, String reason) {}

    @BeforeAll
    static void start() {
        Path db = home.resolve("hostile.db");
        listen = ListenRun.start(home, "--provider", "paismo", "--provider", "teal", "--provider", "slack",
                "--secret", "paismo=ps", "--secret", "teal=ts", "--secret", "slack=ss", "--encryption-key", KEY,
                "--max-body", "64KiB", "--idle-timeout", "2s", "--store", db.toString());
        store = DeliveryStore.open(db);
    }

    @AfterAll
    static void stop() {
        store.close();
        listen.stop();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String post(String path, String extraHeaders, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    static Case one(String name, byte[] request, int status, String reason) {
        return new Case(name, List.of(request), 0, false, status, reason);
    }

    @Test
    void fiftyHostileRequestsEachGetTheirStatusAndAreRecordedAndTheListenerStillServes() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        byte[] json = b("{\"event_type\":\"employee.created\",\"event_id\":\"evt_h\",\"data\":{}}");
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        byte[] nul = b("{\"a\":\"\u0000\"}");
        byte[] nested = b("[".repeat(60_000));
        byte[] trailing = b("{\"a\":1} {\"b\":2}");
        byte[] deep = b("{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}");
        EncryptedBody enc = Oracle.encrypt(KEY, json);
        byte[] encBody = b(enc.body());
        byte[] slackBody = b("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\"}}");
        var sig = new Signed()
                .add("paismo", "ps", json, null)           // 0
                .add("paismo", "ps", notUtf8, null)        // 1
                .add("paismo", "ps", nul, null)            // 2
                .add("paismo", "ps", nested, null)         // 3
                .add("paismo", "ps", trailing, null)       // 4
                .add("paismo", "ps", new byte[0], null)    // 5
                .add("teal", "ts", encBody, null)          // 6
                .add("slack", "ss", slackBody, now - 600)  // 7 stale
                .add("slack", "ss", slackBody, now + 600)  // 8 future
                .add("paismo", "ps", deep, null)           // 9
                .run();
        String ps = "X-Paismo-Signature: " + sig.get(0).get("X-Paismo-Signature") + "\r\n";
        String tealSig = "X-Teal-Signature: " + sig.get(6).get("X-Teal-Signature") + "\r\n";
        List<Case> cases = new ArrayList<>();
        // Truncated bodies: fewer bytes than Content-Length, then the client stops sending.
        for (int cut : new int[] {0, 1, 10, json.length - 1}) {
            byte[] r = concat(b(post("/paismo", ps, json.length)), java.util.Arrays.copyOf(json, cut));
            cases.add(new Case("truncated body at " + cut, List.of(r), 0, true, 400, "cut short"));
        }
        // Slow clients: a stalled body is answered 408 after the idle timeout; a slow but steady one is served.
        cases.add(new Case("stalled body", List.of(concat(b(post("/paismo", ps, json.length)), b("{\"ev"))), 0, false, 408,
                "not received within"));
        cases.add(new Case("stalled after headers", List.of(b(post("/paismo", ps, json.length))), 0, false, 408, "not received"));
        List<byte[]> drip = new ArrayList<>();
        drip.add(b(post("/paismo", ps, json.length)));
        for (int i = 0; i < json.length; i += 8) {
            drip.add(java.util.Arrays.copyOfRange(json, i, Math.min(json.length, i + 8)));
        }
        cases.add(new Case("slow but steady client", drip, 40, false, 200, null));
        // Wrong signature headers.
        for (String v : new String[] {"zz", "", "   ", "c2lnbmF0dXJl", "00", "0".repeat(64), "0".repeat(128), "sha256=" + "a".repeat(64),
                sig.get(0).get("X-Paismo-Signature").toUpperCase() + "00", "\u00ff\u00fe"}) {
            cases.add(one("signature '" + v + "'", concat(b(post("/paismo", "X-Paismo-Signature: " + v + "\r\n", json.length)), json),
                    401, "ignature"));
        }
        cases.add(one("repeated signature header", concat(b(post("/paismo", ps + ps, json.length)), json), 401, "appears 2 times"));
        cases.add(one("no signature", concat(b(post("/paismo", "", json.length)), json), 401, "missing header"));
        cases.add(one("signature header with a body that differs by one byte", concat(b(post("/paismo", ps, json.length)),
                b(new String(json, StandardCharsets.ISO_8859_1).replace("evt_h", "evt_i"))), 401, "mismatch"));
        // Huge and many headers.
        cases.add(one("20 KB header", concat(b(post("/paismo", ps + "X-Pad: " + "a".repeat(20_000) + "\r\n", json.length)), json),
                431, "exceed"));
        cases.add(one("600 headers", concat(b(post("/paismo", ps + "X-H: 0123456789012345678901234567890\r\n".repeat(600),
                json.length)), json), 431, "exceed"));
        cases.add(one("80 KB header (over Jetty's limit)", concat(b(post("/paismo", "X-Pad: " + "a".repeat(80_000) + "\r\n",
                json.length)), json), 431, "HTTP parser"));
        // Bodies that are not what they claim, with valid signatures.
        cases.add(one("invalid UTF-8", concat(b(post("/paismo", "X-Paismo-Signature: " + sig.get(1).get("X-Paismo-Signature")
                + "\r\n", notUtf8.length)), notUtf8), 400, "malformed JSON"));
        cases.add(one("NUL in a string", concat(b(post("/paismo", "X-Paismo-Signature: " + sig.get(2).get("X-Paismo-Signature")
                + "\r\n", nul.length)), nul), 400, "malformed JSON"));
        cases.add(one("60000 open brackets", concat(b(post("/paismo", "X-Paismo-Signature: " + sig.get(3).get("X-Paismo-Signature")
                + "\r\n", nested.length)), nested), 400, "malformed JSON"));
        cases.add(one("3000 nested arrays", concat(b(post("/paismo", "X-Paismo-Signature: " + sig.get(9).get("X-Paismo-Signature")
                + "\r\n", deep.length)), deep), 400, "malformed JSON"));
        cases.add(one("trailing JSON", concat(b(post("/paismo", "X-Paismo-Signature: " + sig.get(4).get("X-Paismo-Signature")
                + "\r\n", trailing.length)), trailing), 400, "malformed JSON"));
        cases.add(one("empty body", b(post("/paismo", "X-Paismo-Signature: " + sig.get(5).get("X-Paismo-Signature") + "\r\n", 0)),
                400, "empty body"));
        // Teal IVs that are not base64 IVs (the signature is valid, the body is the real ciphertext).
        for (String iv : new String[] {"%%%", "", "A", "AAAA", "!!!!AAAAAAAAAAAA", "A".repeat(2000), "AAAAAAAAAAAAAAAAAAAAAAAA====",
                enc.iv() + "x"}) {
            cases.add(one("Teal IV '" + (iv.length() > 20 ? iv.substring(0, 20) + "…" : iv) + "'",
                    concat(b(post("/teal", tealSig + "X-Teal-Encryption-IV: " + iv + "\r\n", encBody.length)), encBody), 400,
                    iv.isEmpty() ? null : "decrypt"));
        }
        // Timestamps out of tolerance, and not a timestamp at all.
        String slackSig7 = "X-Slack-Signature: " + sig.get(7).get("X-Slack-Signature") + "\r\nX-Slack-Request-Timestamp: "
                + sig.get(7).get("X-Slack-Request-Timestamp") + "\r\n";
        cases.add(one("stale timestamp", concat(b(post("/slack", slackSig7, slackBody.length)), slackBody), 401, "too old"));
        String slackSig8 = "X-Slack-Signature: " + sig.get(8).get("X-Slack-Signature") + "\r\nX-Slack-Request-Timestamp: "
                + sig.get(8).get("X-Slack-Request-Timestamp") + "\r\n";
        cases.add(one("future timestamp", concat(b(post("/slack", slackSig8, slackBody.length)), slackBody), 401, "future"));
        cases.add(one("timestamp not a number", concat(b(post("/slack", "X-Slack-Signature: v0=00\r\nX-Slack-Request-Timestamp: soon\r\n",
                slackBody.length)), slackBody), 401, "ignature"));
        cases.add(one("repeated timestamp", concat(b(post("/slack", slackSig7 + "X-Slack-Request-Timestamp: 1\r\n",
                slackBody.length)), slackBody), 401, "appears 2 times"));
        // Sizes.
        cases.add(one("declared body over --max-body", b(post("/paismo", ps, 10_000_000)), 413, "--max-body"));
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) 'a');
        cases.add(one("chunked body over --max-body", concat(b("POST /paismo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length) + "\r\n"), big, b("\r\n0\r\n\r\n")), 413,
                "--max-body"));
        cases.add(one("Expect: 100-continue with a huge body", b(post("/paismo", "Expect: 100-continue\r\n", 500_000_000)), 413,
                "--max-body"));
        // Methods and paths.
        for (String m : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND"}) {
            cases.add(one(m, b(m + " /paismo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405, "not allowed"));
        }
        cases.add(one("GET without a handshake", b("GET /paismo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405, "not allowed"));
        cases.add(one("unknown path", concat(b(post("/admin", ps, json.length)), json), 404, "no webhook endpoint"));
        cases.add(one("provider not recognisable", concat(b(post("/webhook", "", json.length)), json), 400, "cannot tell the provider"));
        cases.add(one("handshake without a challenge", concat(b(post("/paismo", "X-Paismo-Verification: handshake\r\n", json.length)),
                json), 400, "challenge"));
        // Requests the HTTP parser refuses.
        cases.add(one("garbage request line", b("GARBAGE\r\n\r\n"), 400, "HTTP parser"));
        cases.add(one("two different Content-Lengths", concat(b("POST /paismo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Content-Length: 6\r\n\r\n"), b("{}{}{}")), 400, "HTTP parser"));
        cases.add(one("Content-Length not a number", b("POST /paismo HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n"), 400,
                "HTTP parser"));
        cases.add(one("Content-Length too big for a long", b("POST /paismo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
                400, "HTTP parser"));
        cases.add(one("bad chunk size", b("POST /paismo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                400, null));
        cases.add(one("HTTP/1.1 without Host", b("POST /paismo HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), 400, "HTTP parser"));

        assertThat(cases.size()).isGreaterThanOrEqualTo(50);
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            long before = store.count();
            String answer = exchange(c);
            StoredDelivery recorded = awaitRecord(before);
            String line = answer.isEmpty() ? "" : answer.substring(0, answer.indexOf('\r') < 0 ? answer.length() : answer.indexOf('\r'));
            boolean answeredRight = answer.isEmpty() ? c.halfClose() || c.status() == 408 : line.contains(" " + c.status() + " ");
            if (!answeredRight) {
                problems.add(c.name() + ": answered '" + line + "', expected " + c.status());
            }
            if (recorded == null) {
                problems.add(c.name() + ": not recorded");
            } else if (recorded.status() != c.status() || c.reason() != null
                    && (recorded.reason() == null || !recorded.reason().contains(c.reason()))) {
                problems.add(c.name() + ": recorded " + recorded.status() + " '" + recorded.reason() + "', expected " + c.status()
                        + " '" + c.reason() + "'");
            }
        }
        assertThat(problems).as("requests that did not get their documented status or were not recorded").isEmpty();

        // Still serving.
        var ok = listen.post("/paismo", json, Map.of("X-Paismo-Signature", sig.get(0).get("X-Paismo-Signature"),
                "Content-Type", "application/json"));
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    /** Sends the parts (pausing between them) and reads the answer until the server closes or 5 s pass. */
    static String exchange(Case c) throws IOException {
        try (Socket s = new Socket("127.0.0.1", listen.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] p : c.parts()) {
                    out.write(p);
                    out.flush();
                    if (c.pauseMs() > 0) {
                        ListenRun.sleep(c.pauseMs());
                    }
                }
                if (c.halfClose()) {
                    s.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading everything (413, 431)
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static StoredDelivery awaitRecord(long before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (store.count() > before) {
                return store.list(Query.all().withLimit(1)).get(0);
            }
            ListenRun.sleep(5);
        }
        return null;
    }
}
