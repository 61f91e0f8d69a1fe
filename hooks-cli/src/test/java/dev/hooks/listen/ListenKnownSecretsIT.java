package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.testing.EncryptedBody;
import dev.hooks.testing.Oracle;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every secret the listener knows (its signing secret, the Teal encryption key, the inspector token, the Bearer tokens
 * it issued, its API key and client secret), sent by a client in every encoding and in every place a request has, is
 * in none of the history file, the export, {@code events list}, the inspector's API and the listener's JSON lines;
 * and a delivery that holds none is stored byte for byte and verified.
 */
class ListenKnownSecretsIT {
    static final String SECRET = "teal-signing-s3cret-0042";
    static final String KEY = ListenTealIT.KEY;
    static final String API_KEY = "k3y-v4lue-XYZ";
    static final String CLIENT_SECRET = "cl1ent-s3cret";

    @TempDir
    Path home;

    /** The value in each encoding a client may send it in. */
    static List<String> encodings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(value,
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes),
                HexFormat.of().withUpperCase().formatHex(bytes),
                percentAll(bytes)));
        if (value.equals(KEY)) { // the key's own bytes, as a client holding them may write them
            byte[] key = Base64.getDecoder().decode(KEY);
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
            out.add(HexFormat.of().formatHex(key));
            out.add(HexFormat.of().withUpperCase().formatHex(key));
        }
        return out;
    }

    static String percentAll(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%%%02X", b & 0xff));
        }
        return sb.toString();
    }

    /** Requests carrying {@code value} in each encoding, each in a different place of the request. */
    static List<String> carrying(String value) {
        List<String> out = new ArrayList<>();
        List<String> forms = encodings(value);
        for (int i = 0; i < forms.size(); i++) {
            String f = forms.get(i);
            String q = URLEncoder.encode(f, StandardCharsets.UTF_8);
            out.add(ListenSecretsIT.post("/webhook?sig=" + q, "Content-Type: text/plain\r\n", "x"));
            out.add(ListenSecretsIT.post("/webhook", "X-Anything: v=" + f + "\r\n", "{}"));
            out.add(ListenSecretsIT.post("/webhook", "Cookie: a=1; s=" + f + "\r\n", "{}"));
            out.add(ListenSecretsIT.json("/webhook", "{\"event\":\"x\",\"data\":{\"note\":\"see " + f + " here\"}}"));
            out.add(ListenSecretsIT.form("/webhook", "a=1&b=" + q));
            out.add(ListenSecretsIT.post("/nowhere/" + q, "", "x"));
            out.add(ListenSecretsIT.post("/webhook", "Content-Type: text/plain\r\n", "line one\nkey " + f + "\n"));
        }
        return out;
    }

    @Test
    void theSigningSecretTheEncryptionKeyAndTheInspectorTokenAreStoredAndPrintedNowhere() throws Exception {
        Path db = home.resolve("h.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "teal", "--secret", SECRET, "--encryption-key", KEY,
                "--store", db.toString())) {
            String token = listen.token();
            List<String> requests = new ArrayList<>();
            for (String value : List.of(SECRET, KEY, token)) {
                requests.addAll(carrying(value));
            }
            // A mistyped inspector address reaches the receiving plane: a 404 whose query holds the token.
            requests.add("GET /_HOOKS/api/info?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            requests.add("GET /_hook/?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: hooks_inspector_"
                    + listen.port() + "=" + token + "\r\n\r\n");
            for (String r : requests) {
                assertThat(ListenSecretsIT.send(listen.port(), r)).startsWith("HTTP/1.1 ");
            }
            listen.awaitLines(requests.size());
            // A normal delivery, encrypted and signed: verified, decrypted, and stored byte for byte.
            byte[] plaintext = "{\"event\":\"user-payroll-submitted\",\"id\":\"evt_plain\"}".getBytes(StandardCharsets.UTF_8);
            EncryptedBody enc = Oracle.encrypt(KEY, plaintext);
            byte[] body = enc.body().getBytes(StandardCharsets.US_ASCII);
            Map<String, String> h = new LinkedHashMap<>(new Signed().add("teal", SECRET, body, null).run().get(0));
            h.put("X-Teal-Encryption-IV", enc.iv());
            h.put("Content-Type", "application/json");
            HttpResponse<String> ok = listen.post("/webhook", body, h);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode line = listen.line(ListenRun.idOf(ok));
            assertThat(line.get("verified").asBoolean()).isTrue();
            assertThat(line.get("decrypted").asBoolean()).isTrue();
            JsonNode stored = ListenRun.JSON.readTree(listen.inspector("/_hooks/api/deliveries/" + ListenRun.idOf(ok)).body());
            assertThat(stored.path("body").path("text").asText()).isEqualTo(enc.body());

            List<String> forbidden = new ArrayList<>();
            for (String value : List.of(SECRET, KEY, token)) {
                forbidden.addAll(encodings(value));
            }
            String lines = String.join("\n", listen.lines().stream().map(JsonNode::toString).toList());
            assertThat(lines).contains("[redacted]");
            assertNone(forbidden, "listen --format json", lines);
            HttpResponse<String> list = listen.inspector("/_hooks/api/deliveries?limit=1000");
            assertThat(list.statusCode()).isEqualTo(200);
            assertNone(forbidden, "the inspector's list", list.body());
            for (JsonNode d : ListenRun.JSON.readTree(list.body()).path("deliveries")) {
                String id = d.path("id").asText();
                assertNone(forbidden, "the inspector's delivery " + id, listen.inspector("/_hooks/api/deliveries/" + id).body());
            }
            assertNone(forbidden, "the inspector's export", listen.inspector("/_hooks/api/export").body());
            assertThat(listen.stop()).isZero();
            List<String> all = forbidden;
            assertNone(all, "history file", historyFiles());
            assertNone(all, "events export", CliRun.run(home, null, "events", "export", "--store", db.toString()).succeeds().out());
            assertNone(all, "events list", CliRun.run(home, null, "events", "list", "--format", "json", "--limit", "1000",
                    "--store", db.toString()).succeeds().out());
        }
    }

    @Test
    void bearerTokensTheListenerIssuedAndItsKeysInHexOrBase64urlAreStoredNowhere() throws Exception {
        Path db = home.resolve("h.db");
        String event = "{\"id\":\"e1\",\"type\":\"identity.approved\",\"source\":\"com.paxos\",\"time\":\"2024-01-01T00:00:00Z\",\"object\":\"event\"}";
        try (ListenRun listen = ListenRun.start(home, Map.of("PAXOS_CLIENT_SECRET", CLIENT_SECRET), "--provider", "paxos",
                "--api-key-header", "X-Consumer-Key", "--api-key", API_KEY, "--oauth-client-id", "paxos-app",
                "--oauth-client-secret-env", "PAXOS_CLIENT_SECRET", "--store", db.toString())) {
            String answer = ListenSecretsIT.send(listen.port(), ListenSecretsIT.form("/oauth/token",
                    "grant_type=client_credentials&client_id=paxos-app&client_secret=" + CLIENT_SECRET));
            assertThat(answer).startsWith("HTTP/1.1 200");
            String issued = ListenRun.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("access_token").asText();
            assertThat(issued).hasSizeGreaterThan(20);
            List<String> requests = new ArrayList<>();
            for (String value : List.of(issued, API_KEY, CLIENT_SECRET)) {
                requests.addAll(carrying(value));
            }
            // The token where it belongs, and the delivery accepted.
            requests.add(ListenSecretsIT.post("/webhook", "X-Consumer-Key: " + API_KEY + "\r\nAuthorization: Bearer " + issued
                    + "\r\nContent-Type: application/json\r\n", event));
            List<String> answers = new ArrayList<>();
            for (String r : requests) {
                answers.add(ListenSecretsIT.send(listen.port(), r));
            }
            assertThat(answers.get(answers.size() - 1)).startsWith("HTTP/1.1 200");
            listen.awaitLines(requests.size() + 1);
            List<String> forbidden = new ArrayList<>();
            for (String value : List.of(issued, API_KEY, CLIENT_SECRET)) {
                forbidden.addAll(encodings(value));
            }
            String lines = String.join("\n", listen.lines().stream().map(JsonNode::toString).toList());
            assertNone(forbidden, "listen --format json", lines);
            assertThat(listen.stop()).isZero();
            assertNone(forbidden, "history file", historyFiles());
            assertNone(forbidden, "events export", CliRun.run(home, null, "events", "export", "--store", db.toString()).succeeds().out());
        }
    }

    /**
     * README's CI example writes {@code hooks listen --format json} to a file: run its very flags, and that output holds
     * no inspector token.
     */
    @Test
    void readmesCiExampleWritesNoInspectorTokenToItsFile() throws Exception {
        String readme = Files.readString(dev.hooks.testing.Project.root().resolve("README.md"));
        String ci = readme.substring(readme.indexOf("#### In CI"));
        String line = ci.lines().filter(l -> l.startsWith("hooks listen ")).findFirst().orElseThrow();
        assertThat(line).contains("> listen.jsonl");
        List<String> args = new ArrayList<>();
        String[] words = line.substring(0, line.indexOf('>')).strip().split("\\s+");
        for (int i = 2; i < words.length; i++) {
            String w = words[i].replace("\"$RUNNER_TEMP/hooks.db\"", home.resolve("ci.db").toString());
            if (w.equals("--format") || w.equals("--port")) {
                i++; // ListenRun asks for JSON and port 0 itself
            } else {
                args.add(w);
            }
        }
        try (ListenRun listen = ListenRun.start(home, Map.of("HOOKS_SECRET", "ci-secret"), args.toArray(String[]::new))) {
            JsonNode ready = listen.await("ready", null, null, 0);
            assertThat(ready.path("inspector_url").isNull()).as(ready.toString()).isTrue();
            assertThat(listen.out()).doesNotContain("token=");
            assertThat(listen.stop()).isZero();
        }
    }

    static void assertNone(List<String> forbidden, String where, String text) {
        Set<String> distinct = new LinkedHashSet<>(forbidden);
        for (String s : distinct) {
            int at = text.indexOf(s);
            String around = at < 0 ? "" : text.substring(Math.max(0, at - 300), Math.min(text.length(), at + s.length() + 100));
            assertThat(at).as("%s holds %s: ...%s...", where, s, around).isNegative();
        }
    }

    private String historyFiles() throws IOException {
        return ListenSecretsIT.historyFiles(home);
    }
}
