package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Profile;
import dev.hooks.send.Authenticator;
import dev.hooks.send.Credentials;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.SendEvent;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** How the sender authenticates to the receiver (Paxos): an API key header, or OAuth 2 client credentials. */
final class AuthOptions {
    @Option(names = "--api-key-header", paramLabel = "NAME",
            description = "Header that carries the API key (default: the provider's, e.g. X-API-Key for paxos).")
    String apiKeyHeader;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Send this API key (default: $HOOKS_API_KEY).")
    String apiKey;

    @Option(names = "--oauth-token-url", paramLabel = "URL",
            description = "Get a Bearer token here with OAuth 2 client credentials before delivering (cached for the run).")
    String tokenUrl;

    @Option(names = "--oauth-client-id", paramLabel = "ID", description = "OAuth 2 client id.")
    String clientId;

    @Option(names = "--oauth-client-secret", paramLabel = "SECRET",
            description = "OAuth 2 client secret (default: $HOOKS_OAUTH_CLIENT_SECRET).")
    String clientSecret;

    @Option(names = "--oauth-scope", paramLabel = "SCOPE", description = "OAuth 2 scope to ask for, if the endpoint needs one.")
    String scope;

    /** The authenticator these flags ask for, or {@link Authenticator#NONE}; notes on stderr what a receiver may expect. */
    Authenticator authenticator(Context ctx, Profile profile, HttpTransport transport, Consumer<SendEvent> events,
                                java.io.PrintWriter err) {
        return credentials(ctx, profile, err).authenticator(transport, events);
    }

    /** The credentials these flags give, or {@link Credentials#NONE}; notes on stderr what a receiver may expect. */
    Credentials credentials(Context ctx, Profile profile, java.io.PrintWriter err) {
        Profile.AuthSpec spec = profile.auth();
        // The environment's key applies only where there is a header to send it in; --api-key always does.
        String key = apiKey != null ? apiKey
                : spec.header() != null || apiKeyHeader != null ? ctx.env("HOOKS_API_KEY") : null;
        String secret = clientSecret != null ? clientSecret : ctx.env("HOOKS_OAUTH_CLIENT_SECRET");
        String url = tokenUrl != null ? tokenUrl
                : "oauth2-client-credentials".equals(spec.kind()) && clientId != null ? spec.tokenUrl() : null;
        if (url != null || clientId != null || clientSecret != null) {
            if (url == null || clientId == null || secret == null) {
                throw HooksException.input("OAuth needs --oauth-token-url, --oauth-client-id and --oauth-client-secret "
                        + "(or HOOKS_OAUTH_CLIENT_SECRET) together");
            }
            if (key != null && apiKey != null) {
                throw HooksException.input("pass either an API key or OAuth client credentials, not both");
            }
            return Credentials.oauth(HttpOptions.url("--oauth-token-url", url), clientId, secret, scope);
        }
        if (key != null) {
            String header = apiKeyHeader != null ? apiKeyHeader : spec.header();
            if (header == null) {
                throw HooksException.input("provider '" + profile.name() + "' names no API key header: pass --api-key-header");
            }
            return Credentials.apiKey(header, key);
        }
        if (apiKeyHeader != null) {
            throw HooksException.input("--api-key-header needs --api-key KEY (or HOOKS_API_KEY)");
        }
        if (!"none".equals(spec.kind())) {
            err.println("hooks: note: " + profile.name() + " receivers usually authenticate the sender: pass --api-key "
                    + "(header " + (spec.header() != null ? spec.header() : "--api-key-header") + ") or "
                    + "--oauth-token-url/--oauth-client-id/--oauth-client-secret; sending without credentials.");
        }
        return Credentials.NONE;
    }
}
