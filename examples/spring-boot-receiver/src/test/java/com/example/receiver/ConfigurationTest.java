package com.example.receiver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The secret comes from configuration, and the app does not start without it. */
class ConfigurationTest {

    @Test
    void refusesToStartWithoutTheSecret() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ReceiverApplication.class)
                .run("--server.port=0", "--paismo.webhook-secret="))
                .rootCause()
                .hasMessage("paismo.webhook-secret is not set (set PAISMO_WEBHOOK_SECRET)");
    }
}
