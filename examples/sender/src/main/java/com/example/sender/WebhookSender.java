package com.example.sender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhooks as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> describes them: the JSON
 * payload, with {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the base64 part of the
 * subscriber's {@code whsec_} secret. Thread-safe.
 */
public final class WebhookSender {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final byte[] key;
    private final Clock clock;

    /**
     * @param secret the subscriber's secret, {@code whsec_} and base64
     * @throws IllegalArgumentException when the secret is not of that form (the message never shows it)
     */
    public WebhookSender(String secret) {
        this(secret, Clock.systemUTC());
    }

    WebhookSender(String secret, Clock clock) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("the secret must start with whsec_");
        }
        try {
            this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret after whsec_ is not base64");
        }
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What the subscriber answered. */
    public record Response(String messageId, int status, String body) {
        /** Whether the subscriber took it (2xx). */
        public boolean delivered() {
            return status / 100 == 2;
        }
    }

    /**
     * Sends {@code payload} (JSON) to {@code url} once, with a fresh message id, and waits for the answer.
     *
     * @throws IOException when the subscriber cannot be reached
     */
    public Response send(URI url, String payload) throws IOException, InterruptedException {
        return send(url, "msg_" + HexFormat.of().formatHex(randomBytes(12)), payload);
    }

    /**
     * Sends {@code payload} to {@code url} with this message id (the same id on a retry, so the subscriber can
     * de-duplicate).
     */
    public Response send(URI url, String messageId, String payload) throws IOException, InterruptedException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature(messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(messageId, response.statusCode(), response.body());
    }

    private String signature(String messageId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
