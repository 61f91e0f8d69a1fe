package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each provider's URL check, answered as its real receivers must, over real HTTP, and recorded. */
class ListenHandshakesIT {
    @TempDir
    Path home;

    @Test
    void everyHandshakeIsAnsweredAndRecorded() throws Exception {
        // Only zoom has a secret: the other handshakes must be answered without one.
        try (ListenRun listen = ListenRun.start(home, "--provider", "auto", "--no-verify", "--secret", "zoom=zoom-token")) {
            // Paismo: POST with the verification header, same JSON body back.
            byte[] challenge = "{\"challenge\": \"v_tok_8f2a\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> paismo = listen.post("/paismo", challenge, Map.of("X-Paismo-Verification", "handshake",
                    "Content-Type", "application/json"));
            assertThat(paismo.statusCode()).isEqualTo(200);
            assertThat(ListenRun.JSON.readTree(paismo.body())).isEqualTo(ListenRun.JSON.readTree(challenge));
            // ASP.NET WebHooks (KeyPay, Paycor): GET ?echo= answered with exactly the value.
            HttpResponse<String> echo = listen.get("/keypay?echo=0f3c9b2e8d7a4c1b9e6f5a4d3c2b1a09");
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("0f3c9b2e8d7a4c1b9e6f5a4d3c2b1a09");
            // Slack url_verification.
            HttpResponse<String> slack = listen.post("/slack", "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}"
                    .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
            assertThat(slack.statusCode()).isEqualTo(200);
            assertThat(slack.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
            // Zoom endpoint.url_validation: encryptedToken = hex HMAC-SHA256(secret token, plainToken).
            HttpResponse<String> zoom = listen.post("/zoom", "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}"
                    .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
            assertThat(zoom.statusCode()).isEqualTo(200);
            JsonNode z = ListenRun.JSON.readTree(zoom.body());
            assertThat(z.get("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("zoom-token".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(z.get("encryptedToken").asText())
                    .isEqualTo(HexFormat.of().formatHex(mac.doFinal("qgg8vlvZRS6UYooatFL8Aw".getBytes(StandardCharsets.UTF_8))));
            // Meta hub.challenge and Dropbox challenge, on any served path.
            HttpResponse<String> hub = listen.get("/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock");
            assertThat(hub.statusCode()).isEqualTo(200);
            assertThat(hub.body()).isEqualTo("1158201444");
            HttpResponse<String> dropbox = listen.get("/github?challenge=RgKc3Vy9fR");
            assertThat(dropbox.statusCode()).isEqualTo(200);
            assertThat(dropbox.body()).isEqualTo("RgKc3Vy9fR");
            assertThat(dropbox.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

            List<JsonNode> lines = listen.awaitLines(6);
            assertThat(lines).extracting(n -> n.get("kind").asText()).containsOnly("handshake");
            assertThat(lines).extracting(n -> n.get("status").asInt()).containsOnly(200);
            assertThat(lines).extracting(n -> n.get("stored").asBoolean()).containsOnly(true);
            assertThat(lines).extracting(n -> n.get("provider").asText()).startsWith("paismo", "keypay", "slack", "zoom");
        }
    }

    @Test
    void zoomValidationWithoutTheSecretIsAClearError() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "auto")) {
            HttpResponse<String> zoom = listen.post("/zoom", "{\"payload\":{\"plainToken\":\"abc\"},\"event\":\"endpoint.url_validation\"}"
                    .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
            assertThat(zoom.statusCode()).isEqualTo(500);
            assertThat(zoom.body()).contains("secret token").contains("HOOKS_SECRET_ZOOM");
        }
    }
}
