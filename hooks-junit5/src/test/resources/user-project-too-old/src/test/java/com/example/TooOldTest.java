package com.example;

import dev.hooks.junit.HooksExtension;
import dev.hooks.junit.HooksReceiver;
import dev.hooks.junit.Receive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// On a JUnit Jupiter older than @Receive needs, registered by hand: the test must fail with one line that says so.
@ExtendWith(HooksExtension.class)
class TooOldTest {
    @Receive(provider = "paxos")
    HooksReceiver receiver;

    @Test
    void receives() {
        receiver.url();
    }
}
