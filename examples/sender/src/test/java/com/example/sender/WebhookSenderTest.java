package com.example.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.junit.HooksAssertions;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.Receive;
import dev.hooks.junit.ReceivedDelivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sender against a real Standard Webhooks receiver, which checks its signature as a subscriber would. */
class WebhookSenderTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Receive(provider = "standard-webhooks", secret = SECRET)
    HooksReceiver receiver;

    @Test
    void sendsAVerifiedDelivery() throws Exception {
        String payload = "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-03-02T09:30:00Z\",\"data\":{\"invoice\":\"in_42\"}}";

        WebhookSender.Response response = new WebhookSender(SECRET).send(receiver.url(), payload);

        assertThat(response.delivered()).as("answered %s", response.status()).isTrue();
        ReceivedDelivery delivery = receiver.awaitDelivery(Duration.ofSeconds(5));
        HooksAssertions.assertThat(delivery).isVerified().hasEventType("invoice.paid");
        assertThat(delivery.eventId()).isEqualTo(response.messageId());
    }

    @Test
    void aSenderWithTheWrongSecretIsCaught() throws Exception {
        String payload = "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-03-02T09:30:00Z\",\"data\":{\"invoice\":\"in_43\"}}";

        WebhookSender.Response response = new WebhookSender("whsec_d3JvbmctLXNlY3JldC0ta2V5LTEyMzQ1Njc4")
                .send(receiver.url(), payload);

        assertThat(response.delivered()).as("answered %s", response.status()).isFalse();
        ReceivedDelivery delivery = receiver.awaitRefused(Duration.ofSeconds(5));
        HooksAssertions.assertThat(delivery).isNotVerified().hasStatus(response.status());
        assertThat(delivery.reason()).startsWith("signature mismatch");
        assertThat(receiver.deliveries()).hasSize(1);
    }

    @Test
    void refusesASecretThatIsNotAWhsecKey() {
        assertThatThrownBy(() -> new WebhookSender("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the secret must start with whsec_");
        assertThatThrownBy(() -> new WebhookSender("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the secret after whsec_ is not base64");
    }
}
