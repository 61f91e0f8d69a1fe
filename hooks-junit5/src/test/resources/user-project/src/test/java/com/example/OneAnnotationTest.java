package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.ReceivedDelivery;
import dev.hooks.junit.Receive;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// A user's test as README shows it: @Receive alone, no @ExtendWith; compiled without -parameters.
class OneAnnotationTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Receive(provider = "standard-webhooks", secret = SECRET)
    HooksReceiver field;

    @Test
    void runsOnTheProjectsOwnJUnit() throws Exception {
        String expected = System.getProperty("expected.junit");
        assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api");
        assertEquals(expected, Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage()
                .getImplementationVersion(), "junit-jupiter-engine");
    }

    @Test
    void aFieldReceiverMatchesWhatWasSent() {
        SendResult sent = Hooks.send("employee.created").provider("standard-webhooks").secret(SECRET).to(field.url());
        ReceivedDelivery got = field.awaitDelivery(Duration.ofSeconds(10));
        assertNotNull(sent.eventId(), "SendResult.eventId()");
        assertEquals(sent.eventId(), got.eventId());
        assertEquals(sent.eventId(), sent.requestHeaders().get("webhook-id"));
    }

    @Test
    void aParameterReceiverMatchesWhatWasSent(@Receive(provider = "github", secret = "gh-secret") HooksReceiver github) {
        SendResult sent = Hooks.send("push").provider("github").secret("gh-secret").to(github.url());
        ReceivedDelivery got = github.awaitDelivery(Duration.ofSeconds(10));
        assertNotNull(sent.eventId(), "SendResult.eventId()");
        assertEquals(sent.eventId(), got.eventId());
        assertEquals(sent.eventId(), got.header("X-GitHub-Delivery"));
    }
}
