package com.example.receiver;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Paismo settings: {@code paismo.webhook-secret}, the signing secret Paismo showed when the webhook was created
 * (from the environment as {@code PAISMO_WEBHOOK_SECRET}). The app does not start without it.
 */
@ConfigurationProperties("paismo")
public record PaismoProperties(String webhookSecret) {

    public PaismoProperties {
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("paismo.webhook-secret is not set (set PAISMO_WEBHOOK_SECRET)");
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "PaismoProperties[webhookSecret=(hidden)]";
    }
}
