package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paxos authenticates the consumer by an API key it chose, or by OAuth 2 client credentials against our token URL. */
class ListenPaxosIT {
    static final byte[] EVENT = ("{\"id\":\"4a6d8c1e-2f3b-4c5d-8e9f-0a1b2c3d4e5f\",\"type\":\"identity.approved\","
            + "\"source\":\"com.paxos\",\"time\":\"2024-01-01T00:00:00Z\",\"object\":\"event\"}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path home;

    @Test
    void withNeitherApiKeyNorOAuthItSaysAtStartThatItChecksNothing() throws Exception {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--no-store")) {
            HttpResponse<String> ok = listen.post("/webhook", EVENT, Map.of("Content-Type", "application/json"));
            assertThat(ok.statusCode()).isEqualTo(200);
            listen.awaitLines(1);
            assertThat(listen.err()).contains("hooks: paxos checks nothing: it signs nothing, and no API key (--api-key) "
                    + "or OAuth client (--oauth-client-id) is configured, so every delivery is accepted");
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--api-key", "k3y", "--no-store")) {
            assertThat(listen.post("/webhook", EVENT, Map.of("X-API-Key", "k3y")).statusCode()).isEqualTo(200);
            listen.awaitLines(1);
            assertThat(listen.err()).doesNotContain("checks nothing");
        }
    }

    @Test
    void theApiKeyIsCheckedAndNeverStored() throws Exception {
        Path db = home.resolve("h.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--api-key-header", "X-Consumer-Key",
                "--api-key", "k3y-v4lue-XYZ", "--store", db.toString())) {
            HttpResponse<String> ok = listen.post("/webhook", EVENT, Map.of("X-Consumer-Key", "k3y-v4lue-XYZ",
                    "Content-Type", "application/json"));
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode line = listen.line(ListenRun.idOf(ok));
            assertThat(line.get("verified").asBoolean()).isTrue();
            assertThat(line.get("event_type").asText()).isEqualTo("identity.approved");
            HttpResponse<String> wrong = listen.post("/webhook", EVENT, Map.of("X-Consumer-Key", "nope"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("wrong API key in X-Consumer-Key");
            HttpResponse<String> missing = listen.post("/webhook", EVENT, Map.of());
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).contains("missing API key header");
            listen.awaitLines(3);
        }
        assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).doesNotContain("k3y-v4lue-XYZ");
    }

    @Test
    void oauthTokensAreIssuedByBasicOrFormAuthAndRequiredAsBearer() throws Exception {
        Path db = home.resolve("h.db");
        try (ListenRun listen = ListenRun.start(home, Map.of("PAXOS_CLIENT_SECRET", "cl1ent-s3cret"), "--provider", "paxos",
                "--oauth-client-id", "paxos-app", "--oauth-client-secret-env", "PAXOS_CLIENT_SECRET", "--store", db.toString())) {
            // As Paxos sends it: client_secret_basic and the credentials in the form, at once.
            String basic = Base64.getEncoder().encodeToString("paxos-app:cl1ent-s3cret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> both = token(listen, "Basic " + basic,
                    "grant_type=client_credentials&client_id=paxos-app&client_secret=cl1ent-s3cret");
            assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
            JsonNode t = ListenRun.JSON.readTree(both.body());
            assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(t.get("expires_in").asLong()).isEqualTo(3600);
            String token = t.get("access_token").asText();
            HttpResponse<String> basicOnly = token(listen, "Basic " + basic, "grant_type=client_credentials");
            assertThat(basicOnly.statusCode()).isEqualTo(200);
            HttpResponse<String> formOnly = token(listen, null,
                    "grant_type=client_credentials&client_id=paxos-app&client_secret=cl1ent-s3cret");
            assertThat(formOnly.statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = token(listen, null, "grant_type=client_credentials&client_id=paxos-app&client_secret=guess");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(ListenRun.JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_client");
            HttpResponse<String> grant = token(listen, "Basic " + basic, "grant_type=password");
            assertThat(grant.statusCode()).isEqualTo(400);
            assertThat(grant.body()).contains("unsupported_grant_type");

            HttpResponse<String> ok = listen.post("/webhook", EVENT, Map.of("Authorization", "Bearer " + token,
                    "Content-Type", "application/json"));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(listen.line(ListenRun.idOf(ok)).get("verified").asBoolean()).isTrue();
            HttpResponse<String> none = listen.post("/webhook", EVENT, Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            HttpResponse<String> forged = listen.post("/webhook", EVENT, Map.of("Authorization", "Bearer forged"));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("not issued by this listener");
            listen.awaitLines(8);
            String stored = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
            assertThat(stored).doesNotContain("cl1ent-s3cret").doesNotContain(token).doesNotContain(basic);
        }
    }

    private static HttpResponse<String> token(ListenRun listen, String authorization, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen.port() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return ListenRun.send(b.build());
    }
}
