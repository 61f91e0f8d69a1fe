package com.example.receiver;

import java.net.URI;

/**
 * A downstream subscriber: every accepted Paismo event is relayed to {@code url} as a Standard Webhooks delivery
 * signed with {@code secret} (a {@code whsec_} key).
 */
public record Subscription(String id, URI url, String secret) {

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + url + "]";
    }
}
