package com.example.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.Hooks;
import dev.hooks.SendResult;
import dev.hooks.junit.HooksAssertions;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.Receive;
import dev.hooks.junit.ReceivedDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The relay, from the subscribers' side: each subscriber is a hooks receiver that checks the Standard Webhooks
 * signature with the secret it subscribed with.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "paismo.webhook-secret=" + PaismoWebhookTest.SECRET)
@ExtendWith(OutputCaptureExtension.class)
class SubscriberRelayTest {
    static final String SUBSCRIBER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OTHER_SUBSCRIBER_SECRET = "whsec_c2Vjb25kLXN1YnNjcmliZXItc2VjcmV0LWtleQ==";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    private final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void unsubscribe() throws Exception {
        for (String id : subscriptions) {
            HTTP.send(HttpRequest.newBuilder(app("/subscriptions/" + id)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    void aReceiverStartsWithoutAWordInTheApplicationsLog(CapturedOutput output,
            @Receive(provider = "standard-webhooks", secret = SUBSCRIBER_SECRET) HooksReceiver quiet) {
        // Logback as Spring Boot configures it, no logging.level for io.javalin or org.eclipse.jetty: none of their
        // INFO lines (Javalin's start, Jetty's version, connectors and context) around the receiver's start
        assertThat(quiet.port()).isPositive();
        assertThat(output.getAll()).doesNotContain("io.javalin").doesNotContain("o.e.j").doesNotContain("Javalin")
                .doesNotContain("jetty-12");
    }

    @Test
    void relaysAnAcceptedEventAsASignedStandardWebhook(
            @Receive(provider = "standard-webhooks", secret = SUBSCRIBER_SECRET) HooksReceiver subscriber) throws Exception {
        subscribe(subscriber.url(), SUBSCRIBER_SECRET);

        SendResult sent = Hooks.send("employee.updated").provider("paismo").secret(PaismoWebhookTest.SECRET)
                .to(app("/webhooks/paismo"));
        assertThat(sent.status()).isEqualTo(200);

        ReceivedDelivery delivery = subscriber.awaitDelivery(Duration.ofSeconds(5));
        HooksAssertions.assertThat(delivery).isVerified().hasEventType("employee.updated");
        assertThat(delivery.eventId()).isEqualTo("msg_" + sent.eventId());
        JsonNode paismo = JSON.readTree(sent.requestBody());
        JsonNode relayed = JSON.readTree(delivery.rawBody());
        assertThat(relayed.path("data")).isEqualTo(paismo.path("data"));
        assertThat(relayed.path("timestamp")).isEqualTo(paismo.path("timestamp"));
    }

    @Test
    void signsForEachSubscriberWithItsOwnSecret(
            @Receive(provider = "standard-webhooks", secret = SUBSCRIBER_SECRET) HooksReceiver first,
            @Receive(provider = "standard-webhooks", secret = OTHER_SUBSCRIBER_SECRET) HooksReceiver second)
            throws Exception {
        subscribe(first.url(), SUBSCRIBER_SECRET);
        subscribe(second.url(), OTHER_SUBSCRIBER_SECRET);

        SendResult sent = Hooks.send("payroll.approved").provider("paismo").secret(PaismoWebhookTest.SECRET)
                .to(app("/webhooks/paismo"));
        assertThat(sent.status()).isEqualTo(200);

        HooksAssertions.assertThat(first.awaitDelivery(Duration.ofSeconds(5))).isVerified().hasEventType("payroll.approved");
        HooksAssertions.assertThat(second.awaitDelivery(Duration.ofSeconds(5))).isVerified().hasEventType("payroll.approved");
    }

    @Test
    void doesNotRelayARefusedDelivery(
            @Receive(provider = "standard-webhooks", secret = SUBSCRIBER_SECRET) HooksReceiver subscriber) throws Exception {
        subscribe(subscriber.url(), SUBSCRIBER_SECRET);
        SendResult genuine = Hooks.send("employee.created").provider("paismo").secret(PaismoWebhookTest.SECRET)
                .to(app("/webhooks/paismo"));
        assertThat(genuine.status()).isEqualTo(200);
        HooksAssertions.assertThat(subscriber.awaitDelivery(Duration.ofSeconds(5))).isVerified()
                .hasEventType("employee.created");

        SendResult forged = Hooks.send("employee.terminated").provider("paismo").secret("not-paismo")
                .to(app("/webhooks/paismo"));

        assertThat(forged.status()).isEqualTo(401);
        assertThatThrownBy(() -> subscriber.awaitDelivery(Duration.ofSeconds(1)))
                .as("nothing more is relayed").isInstanceOf(AssertionError.class);
        assertThat(subscriber.deliveries()).extracting(ReceivedDelivery::eventType).containsExactly("employee.created");
    }

    private void subscribe(URI url, String secret) throws Exception {
        String request = JSON.writeValueAsString(JSON.createObjectNode().put("url", url.toString()).put("secret", secret));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(app("/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = JSON.readTree(created.body());
        assertThat(subscription.has("secret")).as("the API never shows a secret").isFalse();
        subscriptions.add(subscription.path("id").asText());
    }

    private URI app(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
