package dev.hooks.listen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.crypto.Encoding;
import dev.hooks.crypto.Hmac;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.Verification;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handshakes providers make to prove an endpoint is theirs before they deliver: by GET (Meta's
 * {@code hub.challenge}, Dropbox's {@code challenge}, an {@code echo}) on any path, and by POST as the profile says
 * (a challenge echoed back, Slack's {@code url_verification}, Zoom's {@code endpoint.url_validation}).
 */
final class Handshakes {
    private final Verifier verifier;

    Handshakes(Verifier verifier) {
        this.verifier = verifier;
    }

    boolean getHandshake(Exchange x, Routing.Route route, Map<String, String> query) {
        String hub = query.get("hub.challenge");
        if (hub != null && query.containsKey("hub.mode")) {
            handshake(x, route.endpoint(), "hub.challenge", hub);
            return true;
        }
        String challenge = query.get("challenge");
        if (challenge != null) {
            x.responseHeaders.add(new Header("X-Content-Type-Options", "nosniff"));
            handshake(x, route.endpoint(), "Dropbox challenge", challenge);
            return true;
        }
        String echo = query.get("echo");
        if (echo != null && (route.endpoint() == null || "echo-get".equals(route.endpoint().profile().handshake().kind()))) {
            Endpoint e = route.endpoint();
            if (e == null) {
                for (Endpoint d : route.detect()) {
                    if ("echo-get".equals(d.profile().handshake().kind())) {
                        e = d;
                        break;
                    }
                }
            }
            handshake(x, e, "echo", echo);
            return true;
        }
        return false;
    }

    private static void handshake(Exchange x, Endpoint e, String what, String value) {
        x.kind = StoredDelivery.HANDSHAKE;
        x.endpoint = e;
        x.eventType = what;
        x.answer(200, Exchange.TEXT, value.getBytes(StandardCharsets.UTF_8));
    }

    boolean postHandshake(Wire w, Exchange x, Endpoint e) {
        Profile.HandshakeSpec hs = e.profile().handshake();
        switch (hs.kind()) {
            case "challenge-post" -> {
                String marker = hs.header() == null ? null : x.header(hs.header());
                if (marker == null || (hs.headerValue() != null && !hs.headerValue().equalsIgnoreCase(marker.strip()))) {
                    return false;
                }
                claim(w, x, e, "handshake");
                JsonNode root = tryParse(x.body);
                String field = hs.field() == null ? "challenge" : hs.field();
                if (root == null || !root.isObject() || !root.path(field).isTextual()) {
                    x.answer(400, "handshake body is not a JSON object with a '" + field + "' string");
                    return true;
                }
                x.answer(200, Exchange.JSON_TYPE, x.body);
                return true;
            }
            case "slack-url-verification" -> {
                JsonNode root = bodyOfType(x.body, "type", "url_verification");
                if (root == null) {
                    return false;
                }
                claim(w, x, e, "url_verification");
                String challenge = root.path("challenge").asText(null);
                if (challenge == null) {
                    x.answer(400, "url_verification without a challenge");
                } else {
                    x.answer(200, Exchange.TEXT, challenge.getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
            case "zoom-url-validation" -> {
                JsonNode root = bodyOfType(x.body, "event", "endpoint.url_validation");
                if (root == null) {
                    return false;
                }
                claim(w, x, e, "endpoint.url_validation");
                String field = hs.field() == null ? "plainToken" : hs.field();
                String plain = root.path("payload").path(field).asText(null);
                if (plain == null) {
                    x.answer(400, "endpoint.url_validation without payload." + field);
                } else if (e.secret() == null) {
                    x.answer(500, "cannot answer endpoint.url_validation without the secret token: "
                            + verifier.terms().secretHint(e.name()));
                } else {
                    String token = Encoding.hex(Hmac.compute("HmacSHA256", e.secret().getBytes(StandardCharsets.UTF_8),
                            plain.getBytes(StandardCharsets.UTF_8)));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("plainToken", plain);
                    answer.put("encryptedToken", token);
                    x.answer(200, Exchange.JSON_TYPE, Json.write(answer, 0).getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * The body as JSON when its top-level {@code field} is {@code type}, else null. A byte scan for {@code type} comes
     * first, so that ordinary deliveries to the endpoint are not parsed here as well.
     */
    private static JsonNode bodyOfType(byte[] body, String field, String type) {
        if (!contains(body, type)) {
            return null;
        }
        JsonNode root = tryParse(body);
        return root != null && type.equals(root.path(field).asText(null)) ? root : null;
    }

    /** Records the request as a handshake of this kind, with what its signature check says. */
    private void claim(Wire w, Exchange x, Endpoint e, String eventType) {
        x.kind = StoredDelivery.HANDSHAKE;
        x.eventType = eventType;
        reportSignature(w, x, e);
    }

    /** For a handshake: what the signature check would say, when the request carries one. */
    private void reportSignature(Wire w, Exchange x, Endpoint e) {
        if (e.signs() && x.header(e.profile().signature().header()) != null) {
            Verification v = verifier.verify(w, x, e);
            x.verified = v.isValid();
            x.reason = v.reason();
        }
    }

    private static JsonNode tryParse(byte[] body) {
        try {
            return Listener.JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean contains(byte[] body, String ascii) {
        byte[] n = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= body.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (body[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
