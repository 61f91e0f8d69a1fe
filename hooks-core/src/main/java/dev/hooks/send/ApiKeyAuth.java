package dev.hooks.send;

import java.util.List;

/** An API key the consumer chose, in a header the consumer named. */
public record ApiKeyAuth(String header, String key) implements Authenticator {
    @Override
    public List<OutgoingRequest.Header> headers() {
        return List.of(new OutgoingRequest.Header(header, key));
    }

    @Override
    public String toString() {
        return "ApiKeyAuth[" + header + "]";
    }
}
