package dev.hooks.listen;

import dev.hooks.schema.EventSchemas;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;

/**
 * One provider the listener serves: its profile, and what it was given to check deliveries with. Everything is
 * built once, before the first request. The secret is kept only for handshakes that need it (Zoom) and is never
 * printed: this class has no {@code toString} that shows it.
 */
public final class Endpoint {
    private final Profile profile;
    private final String secret;
    private final SignatureScheme scheme;
    private final PayloadEncryption encryption;
    private final Auth auth;
    private final EventSchemas schemas;
    private volatile boolean schemaStrict;

    /**
     * @param secret the signing secret, or null when none was given (signed deliveries are then rejected)
     * @param encryption the payload decryption, or null when no key was given
     * @param auth how callers must authenticate (API key or issued OAuth token), or {@link Auth#NONE}
     */
    public Endpoint(Profile profile, String secret, PayloadEncryption encryption, Auth auth) {
        this.profile = profile;
        this.secret = secret;
        this.scheme = profile.signature().none() || secret == null ? null : SignatureScheme.of(profile, secret);
        this.encryption = encryption;
        this.auth = auth == null ? Auth.NONE : auth;
        this.schemas = profile.schemas().isEmpty() ? null : EventSchemas.of(profile);
    }

    /**
     * Answers deliveries that break their event's schema with 400 and the errors ({@code --schema-strict}), for a
     * team testing its own sender; by default they are reported and answered as usual. Returns this endpoint.
     */
    public Endpoint schemaStrict(boolean strict) {
        this.schemaStrict = strict;
        return this;
    }

    public boolean schemaStrict() {
        return schemaStrict;
    }

    /** The provider's event schemas, or null when its profile has none. */
    EventSchemas schemas() {
        return schemas;
    }

    public Profile profile() {
        return profile;
    }

    public String name() {
        return profile.name();
    }

    /** Whether the provider signs its deliveries. */
    public boolean signs() {
        return !profile.signature().none();
    }

    /** The bound signature scheme, or null when the provider does not sign or no secret was given. */
    public SignatureScheme scheme() {
        return scheme;
    }

    String secret() {
        return secret;
    }

    public PayloadEncryption encryption() {
        return encryption;
    }

    public Auth auth() {
        return auth;
    }

    @Override
    public String toString() {
        return "Endpoint[" + profile.name() + (secret == null ? ", no secret" : "") + "]";
    }

    /**
     * How a sender must authenticate itself to this endpoint (Paxos): an API key in a header, a Bearer token issued
     * by the listener's own {@code POST /oauth/token}, or nothing. The key is never printed.
     */
    public static final class Auth {
        public static final Auth NONE = new Auth(null, null, false);

        private final String apiKeyHeader;
        private final byte[] apiKey;
        private final boolean bearer;

        private Auth(String apiKeyHeader, String apiKey, boolean bearer) {
            this.apiKeyHeader = apiKeyHeader;
            this.apiKey = apiKey == null ? null : apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            this.bearer = bearer;
        }

        /** Require {@code header: key}. */
        public static Auth apiKey(String header, String key) {
            return new Auth(header, key, false);
        }

        /** Require {@code Authorization: Bearer T} with a token the listener issued. */
        public static Auth bearerToken() {
            return new Auth(null, null, true);
        }

        /** Require both an API key and a Bearer token. */
        public static Auth both(String header, String key) {
            return new Auth(header, key, true);
        }

        public boolean none() {
            return apiKey == null && !bearer;
        }

        public String apiKeyHeader() {
            return apiKeyHeader;
        }

        byte[] apiKey() {
            return apiKey;
        }

        public boolean requiresBearer() {
            return bearer;
        }

        @Override
        public String toString() {
            return none() ? "Auth[none]" : "Auth[" + (apiKey != null ? "api key in " + apiKeyHeader : "")
                    + (bearer ? (apiKey != null ? " and " : "") + "bearer token" : "") + "]";
        }
    }
}
