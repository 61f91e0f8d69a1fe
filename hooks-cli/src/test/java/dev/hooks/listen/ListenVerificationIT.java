package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every signing provider, served by one listener at /NAME with its own secret, against signatures made by the
 * independent oracle (the providers' own libraries, or plain Node crypto): valid ones are accepted, wrong and
 * missing ones get the provider's status and a one-line reason, and /webhook recognises each from its headers.
 */
class ListenVerificationIT {
    /** provider, secret, status its receivers answer a bad signature with. */
    static final Object[][] PROVIDERS = {
        {"paismo", "paismo-secret", 401},
        {"teal", "teal-secret", 401},
        {"keypay", "keypay-secret", 400},
        {"paycor", "paycor-secret", 400},
        {"standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 401},
        {"svix", "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", 401},
        {"stripe", "whsec_stripe_test_secret", 400},
        {"github", "github-secret", 401},
        {"shopify", "shopify-secret", 401},
        {"slack", "slack-signing-secret", 401},
        {"zoom", "zoom-secret-token", 401},
    };

    @TempDir
    static Path home;
    static ListenRun listen;
    static int seen;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>();
        for (Object[] p : PROVIDERS) {
            args.addAll(List.of("--provider", (String) p[0], "--secret", p[0] + "=" + p[1]));
        }
        listen = ListenRun.start(home, args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        assertThat(listen.stop()).isZero();
        assertThat(listen.err()).contains("stopped. received " + seen);
    }

    static byte[] body(String provider, int n) {
        return ("{\"id\":\"evt_" + provider + "_" + n + "\",\"type\":\"thing.happened\",\"event_type\":\"thing.happened\","
                + "\"event_id\":\"evt_" + provider + "_" + n + "\",\"event\":\"thing.happened\","
                + "\"Id\":\"evt_" + provider + "_" + n + "\",\"Notifications\":[{\"Action\":\"EmployeeCreated\"}],"
                // paycor signs the body's ASCII bytes (non-ASCII as '?'), which hooks' scheme does not do yet
                + "\"data\":{\"name\":\"" + (provider.equals("paycor") ? "Zoe" : "Zoë") + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        seen++;
        return listen.post(path, body, h);
    }

    @Test
    void everyProvidersValidSignatureIsAcceptedAndWrongOrMissingOnesAreRefusedWithTheirStatus() {
        Signed oracle = new Signed();
        long now = System.currentTimeMillis() / 1000;
        for (Object[] p : PROVIDERS) {
            String name = (String) p[0];
            String secret = (String) p[1];
            String wrong = secret.startsWith("whsec_") ? "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" : "not-the-secret";
            oracle.add(name, secret, body(name, 1), now);
            oracle.add(name, wrong, body(name, 2), now);
            oracle.add(name, secret, body(name, 3), now);
        }
        List<Map<String, String>> headers = oracle.run();
        for (int i = 0; i < PROVIDERS.length; i++) {
            String name = (String) PROVIDERS[i][0];
            int badStatus = (Integer) PROVIDERS[i][2];

            HttpResponse<String> ok = post("/" + name, body(name, 1), headers.get(3 * i));
            assertThat(ok.statusCode()).as(name + ": " + ok.body()).isEqualTo(200);
            JsonNode line = listen.line(ListenRun.idOf(ok));
            assertThat(line.get("provider").asText()).isEqualTo(name);
            assertThat(line.get("verified").asBoolean()).as(name + " " + line).isTrue();
            assertThat(line.get("reason").isNull()).as(line.toString()).isTrue();
            if (!name.equals("github") && !name.equals("zoom")) { // their envelopes carry no event id
                assertThat(line.get("event_id").asText()).as(line.toString()).isEqualTo("evt_" + name + "_1");
            }

            HttpResponse<String> bad = post("/" + name, body(name, 2), headers.get(3 * i + 1));
            assertThat(bad.statusCode()).as(name + ": " + bad.body()).isEqualTo(badStatus);
            assertThat(bad.body()).contains("signature").doesNotContain("\n" + "x").endsWith("\n");
            assertThat(bad.body().strip()).doesNotContain("\n");

            HttpResponse<String> missing = post("/" + name, body(name, 2), Map.of());
            assertThat(missing.statusCode()).as(name).isEqualTo(badStatus);
            assertThat(missing.body()).contains("missing");

            // The main path recognises the provider from its headers.
            HttpResponse<String> detected = post("/webhook", body(name, 3), headers.get(3 * i + 2));
            assertThat(detected.statusCode()).as(name + ": " + detected.body()).isEqualTo(200);
            JsonNode d = listen.line(ListenRun.idOf(detected));
            assertThat(d.get("provider").asText()).as("recognised provider").isEqualTo(name);
        }
    }

    @Test
    void staleAndFutureTimestampsAreRefusedWhereTheSchemeHasATolerance() {
        long now = System.currentTimeMillis() / 1000;
        List<Map<String, String>> h = new Signed()
                .add("slack", "slack-signing-secret", body("slack", 10), now - 3600)
                .add("slack", "slack-signing-secret", body("slack", 11), now + 3600)
                .add("stripe", "whsec_stripe_test_secret", body("stripe", 12), now - 3600)
                .add("standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body("standard-webhooks", 13), now + 3600)
                .run();
        HttpResponse<String> old = post("/slack", body("slack", 10), h.get(0));
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("too old");
        HttpResponse<String> future = post("/slack", body("slack", 11), h.get(1));
        assertThat(future.statusCode()).isEqualTo(401);
        assertThat(future.body()).contains("future");
        HttpResponse<String> stripe = post("/stripe", body("stripe", 12), h.get(2));
        assertThat(stripe.statusCode()).isEqualTo(400);
        assertThat(stripe.body()).contains("too old");
        HttpResponse<String> sw = post("/standard-webhooks", body("standard-webhooks", 13), h.get(3));
        assertThat(sw.statusCode()).isEqualTo(401);
        assertThat(sw.body()).contains("future");
    }

    @Test
    void aRepeatedEventIdIsFlaggedDuplicate() {
        byte[] b = body("paismo", 20);
        Map<String, String> h = new Signed().add("paismo", "paismo-secret", b, null).run().get(0);
        HttpResponse<String> first = post("/paismo", b, h);
        HttpResponse<String> second = post("/paismo", b, h);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(listen.line(ListenRun.idOf(first)).get("duplicate").asBoolean()).isFalse();
        assertThat(listen.line(ListenRun.idOf(second)).get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void malformedJsonWithAValidSignatureIsA400() {
        byte[] b = "{\"id\": truncated".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new Signed().add("github", "github-secret", b, null).run().get(0);
        HttpResponse<String> r = post("/github", b, h);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("malformed JSON");
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
