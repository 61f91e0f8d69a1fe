package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.Receive;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// In a JVM of its own (reuseForks=false), the first receiver serves a provider with schemas: the validator that
// checks its deliveries must not make SLF4J print its no-provider warning.
class SchemaProviderOnlyTest {
    @Test
    void aProviderWithSchemasPrintsNothing(@Receive(provider = "github", secret = "gh-secret") HooksReceiver github) {
        SendResult sent = Hooks.send("push").provider("github").secret("gh-secret").to(github.url());
        assertEquals("valid", github.awaitDelivery(Duration.ofSeconds(10)).schema());
        assertEquals(200, sent.status());
    }
}
