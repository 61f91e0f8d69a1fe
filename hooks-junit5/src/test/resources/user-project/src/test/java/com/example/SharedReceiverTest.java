package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import dev.hooks.junit.Count;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.ReceivedDelivery;
import dev.hooks.junit.Receive;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// One receiver shared by eight tests running at once (junit-platform.properties): each awaits its own delivery.
class SharedReceiverTest {
    @Receive(provider = "standard-webhooks", secret = OneAnnotationTest.SECRET)
    static HooksReceiver shared;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachTestGetsItsOwnDelivery(int n) {
        String mine = "emp_shared_" + n;
        SendResult sent = Hooks.send("employee.created").provider("standard-webhooks").secret(OneAnnotationTest.SECRET)
                .set("data.id", mine).to(shared.url());
        ReceivedDelivery got = shared.awaitDelivery(d -> d.rawBodyText().contains("\"" + mine + "\""),
                Duration.ofSeconds(20));
        assertEquals(sent.eventId(), got.eventId());
    }

    @AfterAll
    static void everyDeliveryArrivedOnce() {
        shared.assertCount(Count.exactly(8), d -> "employee.created".equals(d.eventType()), Duration.ofSeconds(10));
    }
}
