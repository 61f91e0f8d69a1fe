package dev.hooks.listen;

import dev.hooks.crypto.ConstantTime;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The listener's own OAuth 2 token endpoint for the client credentials grant (RFC 6749 section 4.4): the client
 * authenticates with HTTP Basic (client_secret_basic), with {@code client_id}/{@code client_secret} in the form
 * body (client_secret_post), or both at once if they agree, as Paxos does. Tokens are random, kept in memory, and
 * expire after the client's token lifetime. {@code hooks emulate} serves one too, for the Paxos Events API.
 */
public final class TokenIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ListenerSettings.OAuthClient client;
    private final Clock clock;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private volatile Consumer<String> onIssue = t -> { };

    public TokenIssuer(ListenerSettings.OAuthClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Calls {@code c} with each token as it is issued, before it is answered (the listener redacts it). */
    public void onIssue(Consumer<String> c) {
        this.onIssue = c;
    }

    /** A token answer: the status, the JSON body, and a one-line reason when refused. */
    public record Answer(int status, String body, String reason, boolean basicChallenge) {}

    public Answer issue(String authorization, String contentType, byte[] body) {
        Map<String, String> form = form(body);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request", "the token request must be application/x-www-form-urlencoded", false);
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            return error(400, "invalid_request", "missing grant_type", false);
        }
        if (!grant.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", "grant_type '" + grant + "' is not client_credentials", false);
        }
        String basicId = null;
        String basicSecret = null;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return error(401, "invalid_client", "Authorization is not Basic", true);
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return error(401, "invalid_client", "Authorization Basic credentials are not base64", true);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return error(401, "invalid_client", "Authorization Basic credentials lack a ':'", true);
            }
            // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
            basicId = decode(decoded.substring(0, colon));
            basicSecret = decode(decoded.substring(colon + 1));
        }
        String formId = form.get("client_id");
        String formSecret = form.get("client_secret");
        if (basicId == null && formId == null) {
            return error(401, "invalid_client", "no client credentials: send HTTP Basic or client_id and client_secret", true);
        }
        if (basicId != null && formId != null && (!basicId.equals(formId)
                || (formSecret != null && !formSecret.equals(basicSecret)))) {
            return error(401, "invalid_client", "the Basic and form credentials differ", true);
        }
        String id = basicId != null ? basicId : formId;
        String secret = basicId != null ? basicSecret : formSecret;
        boolean ok = client.clientId().equals(id) && secret != null
                && ConstantTime.equals(client.clientSecret(), secret.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            return error(401, "invalid_client", "unknown client_id or wrong client_secret", basicId != null);
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        onIssue.accept(token);
        tokens.put(token, clock.instant().plus(client.tokenLifetime()));
        if (tokens.size() > 10_000) {
            Instant now = clock.instant();
            tokens.values().removeIf(exp -> exp.isBefore(now));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", client.tokenLifetime().toSeconds());
        return new Answer(200, dev.hooks.scheme.Json.write(answer, 0), null, false);
    }

    /** Null when the Authorization header carries a live token issued here, else why not. */
    public String check(String authorization) {
        if (authorization == null) {
            return "missing Authorization: Bearer token (get one from POST /oauth/token)";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Authorization is not a Bearer token";
        }
        String token = authorization.substring(7).strip();
        Instant expires = tokens.get(token);
        if (expires == null) {
            return "unknown Bearer token (not issued by this listener)";
        }
        if (expires.isBefore(clock.instant())) {
            tokens.remove(token);
            return "Bearer token expired";
        }
        return null;
    }

    private static Answer error(int status, String code, String reason, boolean basic) {
        return new Answer(status, "{\"error\":\"" + code + "\",\"error_description\":" + quote(reason) + "}", reason, basic);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        dev.hooks.scheme.Json.quote(sb, s);
        return sb.toString();
    }

    static Map<String, String> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
