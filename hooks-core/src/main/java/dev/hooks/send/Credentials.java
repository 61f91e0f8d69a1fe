package dev.hooks.send;

import java.net.URI;
import java.util.function.Consumer;

/**
 * The credentials a sender presents to the receiver, as the user gave them: an API key in a named header, or OAuth 2
 * client credentials for a token URL, or none. Kept as values (not only as an {@link Authenticator}) so a checker can
 * also present them wrongly on purpose. Never printed: {@link #toString()} names only the header and the token URL.
 *
 * @param apiKeyHeader the header that carries {@code apiKey}; null without an API key
 * @param tokenUrl where to get a Bearer token; null without OAuth
 * @param scope the OAuth scope to ask for, or null
 */
public record Credentials(String apiKeyHeader, String apiKey, URI tokenUrl, String clientId, String clientSecret,
                          String scope) {
    /** No credentials. */
    public static final Credentials NONE = new Credentials(null, null, null, null, null, null);

    public static Credentials apiKey(String header, String key) {
        return new Credentials(header, key, null, null, null, null);
    }

    public static Credentials oauth(URI tokenUrl, String clientId, String clientSecret, String scope) {
        return new Credentials(null, null, tokenUrl, clientId, clientSecret, scope);
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    public boolean hasOAuth() {
        return tokenUrl != null;
    }

    /** The authenticator that presents these credentials; token fetches are reported to {@code events}. */
    public Authenticator authenticator(HttpTransport transport, Consumer<SendEvent> events) {
        if (hasOAuth()) {
            return new OAuthClientCredentials(transport, tokenUrl, clientId, clientSecret, scope, events);
        }
        if (hasApiKey()) {
            return new ApiKeyAuth(apiKeyHeader, apiKey);
        }
        return Authenticator.NONE;
    }

    @Override
    public String toString() {
        return "Credentials[" + (hasOAuth() ? "oauth " + tokenUrl : hasApiKey() ? "api key in " + apiKeyHeader : "none") + "]";
    }
}
