package dev.hooks.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.HooksException;
import dev.hooks.crypto.Encoding;
import dev.hooks.crypto.Hmac;
import dev.hooks.samples.JsonBody;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider's URL verification, made as the provider makes it (the profile's {@code handshake}), and the judgement
 * of the receiver's answer:
 * <ul>
 *   <li>{@code challenge-post}: POST {@code {field: token}} with the handshake header; 200 with the same JSON passes
 *       (the same JSON written differently passes with the byte differences noted).</li>
 *   <li>{@code echo-get}: GET the URL with its query replaced by {@code field=token}; a 2xx whose body is exactly the
 *       token passes. A URL with a {@code noecho} parameter skips the check, as ASP.NET senders do.</li>
 *   <li>{@code slack-url-verification}: a signed {@code url_verification} event; 200 with the challenge as plain
 *       text, form or JSON passes.</li>
 *   <li>{@code zoom-url-validation}: a signed {@code endpoint.url_validation} event; 200 with {@code plainToken} and
 *       {@code encryptedToken} = hex HMAC-SHA256(secret, plainToken) passes.</li>
 *   <li>{@code hub-challenge}, {@code dropbox-challenge}: GET with the challenge in the query; 200 echoing it passes.</li>
 * </ul>
 */
public final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /**
     * The verdict.
     *
     * @param exchange the request and answer, or null when the check was skipped
     * @param notes what passed but differs from the provider's expectation (byte differences)
     */
    public record Result(String provider, String kind, boolean passed, boolean skipped, String reason,
                         List<String> notes, Exchange exchange) {}

    private final Profile profile;
    private final SignatureScheme scheme;
    private final String secret;
    private final Clock clock;

    /** @param secret the signing secret; null sends unsigned where the kind allows it */
    public Handshake(Profile profile, String secret, Clock clock) {
        this.profile = profile;
        this.secret = secret;
        this.scheme = secret == null || profile.signature().none() ? null : SignatureScheme.of(profile, secret);
        this.clock = clock;
        Profile.HandshakeSpec h = profile.handshake();
        if (h.none()) {
            throw HooksException.input("provider '" + profile.name() + "' has no URL verification handshake "
                    + "(its profile's handshake.kind is none)");
        }
        if (h.kind().equals("zoom-url-validation") && secret == null) {
            throw HooksException.input("provider '" + profile.name() + "': the url_validation check needs the secret "
                    + "token to compute encryptedToken: pass --secret, --secret-env, --secret-file or set HOOKS_SECRET");
        }
    }

    /** Whether this handshake signs its request and so needs the secret to be realistic. */
    public static boolean signs(Profile profile) {
        String kind = profile.handshake().kind();
        return !profile.signature().none()
                && (kind.equals("slack-url-verification") || kind.equals("zoom-url-validation"));
    }

    public Result run(HttpTransport transport, URI url) {
        Profile.HandshakeSpec h = profile.handshake();
        String field = h.field() == null ? "challenge" : h.field();
        return switch (h.kind()) {
            case "challenge-post" -> challengePost(transport, url, h, field);
            case "echo-get" -> echoGet(transport, url, field);
            case "slack-url-verification" -> slack(transport, url);
            case "zoom-url-validation" -> zoom(transport, url);
            case "hub-challenge" -> getChallenge(transport, url, Map.of("hub.mode", "subscribe",
                    "hub.verify_token", secret == null ? "" : secret), "hub.challenge");
            case "dropbox-challenge" -> getChallenge(transport, url, Map.of(), "challenge");
            default -> throw HooksException.input("handshake kind '" + h.kind() + "' is not supported");
        };
    }

    private Result challengePost(HttpTransport transport, URI url, Profile.HandshakeSpec h, String field) {
        String token = "v_tok_" + random(32);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(field, token);
        byte[] body = Json.write(doc, 0).getBytes(StandardCharsets.UTF_8);
        List<OutgoingRequest.Header> headers = signedHeaders(body, url);
        if (h.header() != null) {
            headers.add(new OutgoingRequest.Header(h.header(), h.headerValue() == null ? "" : h.headerValue()));
        }
        Exchange x = transport.exchange(new OutgoingRequest("POST", url, headers, body));
        Result failed = unless200(x);
        if (failed != null) {
            return failed;
        }
        if (java.util.Arrays.equals(body, x.responseBody())) {
            return pass(x, "the receiver answered the challenge byte for byte", List.of());
        }
        JsonNode expected = JsonBody.parse(body, "the challenge");
        JsonNode got;
        try {
            got = JsonBody.parse(x.responseBody(), "the answer");
        } catch (HooksException e) {
            return fail(x, "answered 200, but the body is not JSON: expected " + quote(new String(body,
                    StandardCharsets.UTF_8)) + ", got " + quote(x.responseText()));
        }
        if (!expected.equals(got)) {
            return fail(x, "answered 200 with different JSON: expected " + new String(body, StandardCharsets.UTF_8)
                    + ", got " + abbreviate(x.responseText(), 300));
        }
        return pass(x, "the receiver answered the same JSON", List.of("the bytes differ from the challenge: "
                + byteDifference(body, x.responseBody())));
    }

    private Result echoGet(HttpTransport transport, URI url, String field) {
        if (hasParameter(url, "noecho")) {
            return new Result(profile.name(), profile.handshake().kind(), true, true,
                    "the URL has a 'noecho' parameter, so the provider skips the echo check", List.of(), null);
        }
        String token = java.util.UUID.randomUUID().toString().replace("-", "");
        URI target = withQuery(url, field + "=" + token);
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        headers.add(new OutgoingRequest.Header("User-Agent", RequestFactory.USER_AGENT));
        Exchange x = transport.exchange(new OutgoingRequest("GET", target, headers, new byte[0]));
        if (!x.answered()) {
            return network(x);
        }
        if (x.status() / 100 != 2) {
            return fail(x, "answered " + x.status() + ", not 2xx" + excerpt(x));
        }
        String text = x.responseText();
        if (text.equals(token)) {
            return pass(x, "the receiver echoed the " + field + " value", List.of());
        }
        String why = text.strip().equals(token) ? "the echo has extra whitespace around it"
                : text.replace("\"", "").strip().equals(token) ? "the echo is quoted (answer the bare value, not JSON)"
                : "expected the body " + quote(token) + ", got " + quote(abbreviate(text, 200));
        return fail(x, "answered " + x.status() + " but not with exactly the echo value: " + why);
    }

    private Result slack(HttpTransport transport, URI url) {
        String challenge = random(48);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token", random(24));
        doc.put("challenge", challenge);
        doc.put("type", "url_verification");
        Exchange x = postSigned(transport, url, doc);
        Result failed = unless200(x);
        if (failed != null) {
            return failed;
        }
        String text = x.responseText();
        if (text.equals(challenge)) {
            return pass(x, "the receiver answered the challenge as plain text", List.of());
        }
        String form = formValue(text, "challenge");
        if (challenge.equals(form)) {
            return pass(x, "the receiver answered the challenge as a form", List.of());
        }
        try {
            JsonNode got = JsonBody.parse(x.responseBody(), "the answer");
            if (challenge.equals(got.path("challenge").asText(null))) {
                return pass(x, "the receiver answered {\"challenge\": …} as JSON", List.of());
            }
        } catch (HooksException e) {
            // not JSON; fall through
        }
        return fail(x, "answered 200 without the challenge: expected " + quote(challenge) + " (plain text, form or "
                + "JSON {\"challenge\"}), got " + quote(abbreviate(text, 200)));
    }

    private Result zoom(HttpTransport transport, URI url) {
        String plainToken = random(22);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("plainToken", plainToken);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("payload", payload);
        doc.put("event_ts", clock.millis());
        doc.put("event", "endpoint.url_validation");
        Exchange x = postSigned(transport, url, doc);
        Result failed = unless200(x);
        if (failed != null) {
            return failed;
        }
        JsonNode got;
        try {
            got = JsonBody.parse(x.responseBody(), "the answer");
        } catch (HooksException e) {
            return fail(x, "answered 200, but the body is not JSON {\"plainToken\", \"encryptedToken\"}: got "
                    + quote(abbreviate(x.responseText(), 200)));
        }
        String expected = Encoding.hex(Hmac.compute("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8),
                plainToken.getBytes(StandardCharsets.UTF_8)));
        if (!plainToken.equals(got.path("plainToken").asText(null))) {
            return fail(x, "plainToken in the answer is " + quote(got.path("plainToken").asText("(missing)"))
                    + ", expected " + quote(plainToken));
        }
        String encrypted = got.path("encryptedToken").asText(null);
        if (encrypted == null) {
            return fail(x, "the answer has no encryptedToken");
        }
        if (!expected.equals(encrypted)) {
            return fail(x, expected.equalsIgnoreCase(encrypted)
                    ? "encryptedToken is upper-case hex; Zoom expects lower-case"
                    : "encryptedToken is not hex HMAC-SHA256(secret token, plainToken): the receiver uses another "
                    + "secret, or hashes something else");
        }
        return pass(x, "encryptedToken is HMAC-SHA256 of plainToken with the secret token", List.of());
    }

    private Result getChallenge(HttpTransport transport, URI url, Map<String, String> params, String field) {
        String challenge = random(32);
        StringBuilder q = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put(field, challenge);
        all.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        URI target = withQuery(url, q.toString());
        Exchange x = transport.exchange(new OutgoingRequest("GET", target,
                List.of(new OutgoingRequest.Header("User-Agent", RequestFactory.USER_AGENT)), new byte[0]));
        Result failed = unless200(x);
        if (failed != null) {
            return failed;
        }
        if (x.responseText().equals(challenge)) {
            return pass(x, "the receiver echoed the challenge", List.of());
        }
        return fail(x, "expected the body " + quote(challenge) + ", got " + quote(abbreviate(x.responseText(), 200)));
    }

    /** POSTs {@code doc} as compact JSON with the headers the provider sends, signed when it signs. */
    private Exchange postSigned(HttpTransport transport, URI url, Map<String, Object> doc) {
        byte[] body = Json.write(doc, 0).getBytes(StandardCharsets.UTF_8);
        return transport.exchange(new OutgoingRequest("POST", url, signedHeaders(body, url), body));
    }

    /** The failure when the receiver could not be reached or answered other than 200; null when it answered 200. */
    private Result unless200(Exchange x) {
        if (!x.answered()) {
            return network(x);
        }
        if (x.status() != 200) {
            return fail(x, "answered " + x.status() + ", not 200" + excerpt(x));
        }
        return null;
    }

    private List<OutgoingRequest.Header> signedHeaders(byte[] body, URI url) {
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        Map<String, String> h;
        if (scheme != null) {
            String ts = SignatureScheme.formatTimestamp(clock.instant(), profile.timestamp().format());
            String id = profile.id().header() == null ? null : dev.hooks.scheme.DeliveryIds.forBody(profile, body);
            h = scheme.sign(body, id, ts, url.toString()).headers();
        } else {
            h = profile.headers();
        }
        h.forEach((k, v) -> headers.add(new OutgoingRequest.Header(k, v)));
        if (headers.stream().noneMatch(x -> x.name().equalsIgnoreCase("User-Agent"))) {
            headers.add(new OutgoingRequest.Header("User-Agent", RequestFactory.USER_AGENT));
        }
        return headers;
    }

    private Result pass(Exchange x, String reason, List<String> notes) {
        return new Result(profile.name(), profile.handshake().kind(), true, false, reason, notes, x);
    }

    private Result fail(Exchange x, String reason) {
        return new Result(profile.name(), profile.handshake().kind(), false, false, reason, List.of(), x);
    }

    private Result network(Exchange x) {
        return new Result(profile.name(), profile.handshake().kind(), false, false,
                x.failure().kind().label() + " error: " + x.failure().message(), List.of(), x);
    }

    /** Where two byte strings first differ, with a little context, for "same JSON, different bytes". */
    static String byteDifference(byte[] expected, byte[] got) {
        int i = 0;
        while (i < expected.length && i < got.length && expected[i] == got[i]) {
            i++;
        }
        String sizes = "sent " + expected.length + " bytes, got " + got.length;
        return sizes + "; first difference at byte " + i + ": expected " + context(expected, i) + ", got "
                + context(got, i);
    }

    private static String context(byte[] b, int at) {
        if (at >= b.length) {
            return "(end)";
        }
        int end = Math.min(b.length, at + 16);
        return quote(new String(b, at, end - at, StandardCharsets.UTF_8)) + (end < b.length ? "…" : "");
    }

    private static boolean hasParameter(URI url, String name) {
        String q = url.getRawQuery();
        if (q == null) {
            return false;
        }
        for (String part : q.split("&")) {
            String key = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static URI withQuery(URI url, String rawQuery) {
        String s = url.toString();
        int cut = s.indexOf('#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        return URI.create(s + "?" + rawQuery);
    }

    private static String formValue(String text, String name) {
        for (String part : text.strip().split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String excerpt(Exchange x) {
        String t = x.responseText().strip();
        return t.isEmpty() ? "" : ": " + quote(abbreviate(t, 200));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, s);
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(c);
    }
}
