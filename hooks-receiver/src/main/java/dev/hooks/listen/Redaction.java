package dev.hooks.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one step between a request and its row in the history that takes credentials out, whatever path the request
 * took (accepted, refused early, malformed) and however the client encoded them. What goes:
 * <ul>
 *   <li>by name: the {@code Authorization} and {@code Proxy-Authorization} headers and every header some provider
 *       takes an API key in; form, query and JSON fields named like credentials ({@code client_secret},
 *       {@code access_token}, {@code refresh_token}, {@code api_key}), their names read after percent-decoding and
 *       JSON unescaping;</li>
 *   <li>by value: every secret the listener knows (signing secrets, encryption keys, API keys, the OAuth client
 *       secret, the inspector token, the Bearer tokens it issued) wherever it appears (a header of any name, a
 *       cookie, the path, the query, a form or JSON field, any other body), in any of the {@link #forms forms} a
 *       client may encode it in.</li>
 * </ul>
 * Each is replaced by {@value #REDACTED}. The request and response bodies, headers, query, path and reason are covered;
 * a row with nothing to redact is returned as is, without a copy.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    private static final Set<String> SECRET_FIELDS = Set.of("client_secret", "access_token", "refresh_token",
            "api_key", "apikey", "api-key", "client_assertion");
    /**
     * Cheap triggers: text without any of them (ASCII, any case) has no credential field name to look for, even
     * escaped ({@code %5F}, {@code \u005f}, or any other JSON escape, which may also spell a secret's character
     * differently from every form of it), nor one spelt with the Kelvin sign, which lower case makes a {@code k}.
     */
    private static final TextScan TRIGGERS = new TextScan(List.of("secret", "token", "api_key", "apikey",
            "api-key", "assertion", "%", "\\", "\u212A").stream().map(t -> t.getBytes(StandardCharsets.UTF_8))
            .toList(), true);

    private final Set<String> headerNames = new LinkedHashSet<>();
    /** Every secret value, and each in the encodings a client may send it in; longer forms first. */
    private volatile List<String> secretForms = List.of();
    /**
     * Whether a text holds any of {@link #secretForms}: one pass over the text however many forms there are. Made at
     * the first use after the forms change (null until then), so that many values learnt in a row cost one.
     */
    private volatile Scans scans;
    /** Values learnt while running (tokens issued), oldest first, at most {@link #MAX_LEARNT}. */
    private final LinkedHashMap<String, Set<String>> learnt = new LinkedHashMap<>();
    private final Set<String> fixedForms = new LinkedHashSet<>();
    /** The most values learnt while running that are kept: each costs every request a search for its forms. */
    static final int MAX_LEARNT = 1000;
    /** Values shorter than this are not searched for: they would redact unrelated text. */
    static final int MIN_SECRET_LENGTH = 4;

    /**
     * @param headerNames headers whose value is always a credential (API key headers), besides Authorization
     * @param secrets     the listener's own credentials (signing secrets, encryption keys, API keys, the OAuth
     *                    client secret)
     */
    Redaction(Iterable<String> headerNames, Iterable<String> secrets) {
        this.headerNames.add("authorization");
        this.headerNames.add("proxy-authorization");
        for (String h : headerNames) {
            this.headerNames.add(h.toLowerCase(Locale.ROOT));
        }
        for (String s : secrets) {
            fixedForms.addAll(forms(s));
        }
        publish();
    }

    /**
     * Adds a value known only once running (the inspector token, a Bearer token issued at {@code /oauth/token}):
     * every row recorded after this call has it redacted. Of the values added this way the latest
     * {@value #MAX_LEARNT} are kept.
     */
    synchronized void add(String secret) {
        Set<String> f = forms(secret);
        if (f.isEmpty()) {
            return;
        }
        learnt.put(secret, f);
        if (learnt.size() > MAX_LEARNT) {
            learnt.remove(learnt.keySet().iterator().next());
        }
        publish();
    }

    private synchronized void publish() {
        Set<String> all = new LinkedHashSet<>(fixedForms);
        learnt.values().forEach(all::addAll);
        List<String> sorted = new ArrayList<>(all);
        // A longer form first: a padded base64 before its unpadded prefix, so no stray '=' is left behind.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secretForms = List.copyOf(sorted);
        scans = null;
    }

    private Scans scans() {
        Scans s = scans;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (scans == null) {
                scans = Scans.of(secretForms);
            }
            return scans;
        }
    }

    /**
     * The secret forms as scans: {@code exact} finds a text that {@link String#contains} one of them; {@code body}
     * finds every body any step of {@link #body} could find one in (more, never fewer). A body as a form is read as
     * ISO-8859-1 and {@code +} decodes to a space, so it also holds each form's ISO-8859-1 bytes, and {@code spaced}
     * says that a body with a {@code +} must be looked at in full.
     */
    private record Scans(TextScan exact, TextScan body, boolean spaced) {
        static Scans of(List<String> forms) {
            List<byte[]> utf8 = new ArrayList<>();
            List<byte[]> any = new ArrayList<>();
            boolean spaced = false;
            for (String f : forms) {
                byte[] b = f.getBytes(StandardCharsets.UTF_8);
                utf8.add(b);
                any.add(b);
                if (b.length != f.length() && f.chars().allMatch(c -> c <= 0xff)) {
                    any.add(f.getBytes(StandardCharsets.ISO_8859_1));
                }
                spaced |= f.indexOf(' ') >= 0;
            }
            TextScan exact = new TextScan(utf8, false);
            return new Scans(exact, any.size() == utf8.size() ? exact : new TextScan(any, false), spaced);
        }
    }

    /**
     * The forms a client may send {@code s} in: as is, percent-encoded (as a form encodes it, and every byte, in
     * either case), JSON-escaped, and its bytes in base64 and base64url (padded or not) and hex (either case), each
     * of those percent-encoded too. A value that is itself base64 or base64url of 16 bytes or more (an encryption
     * key, a token) also counts in the other encodings of the bytes it stands for. Empty for a value too short to
     * search for.
     */
    static Set<String> forms(String s) {
        Set<String> forms = new LinkedHashSet<>();
        if (s == null || s.strip().length() < MIN_SECRET_LENGTH) {
            return forms;
        }
        s = s.strip();
        forms.add(s);
        forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.add(percentEverything(s, true));
        forms.add(percentEverything(s, false));
        forms.add(jsonEscaped(s));
        encodings(s.getBytes(StandardCharsets.UTF_8), forms);
        byte[] decoded = decodeBase64(s);
        if (decoded != null && decoded.length >= 16) {
            encodings(decoded, forms);
        }
        return forms;
    }

    private static void encodings(byte[] bytes, Set<String> forms) {
        String b64 = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().encodeToString(bytes);
        for (String f : List.of(b64, strip(b64), url, strip(url), HexFormat.of().formatHex(bytes),
                HexFormat.of().withUpperCase().formatHex(bytes))) {
            forms.add(f);
            forms.add(URLEncoder.encode(f, StandardCharsets.UTF_8));
        }
    }

    private static String strip(String padded) {
        int end = padded.length();
        while (end > 0 && padded.charAt(end - 1) == '=') {
            end--;
        }
        return padded.substring(0, end);
    }

    private static byte[] decodeBase64(String s) {
        for (Base64.Decoder d : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                return d.decode(s);
            } catch (IllegalArgumentException notThisOne) {
                // try the other alphabet
            }
        }
        return null;
    }

    /**
     * The listener's: every endpoint's signing secret, encryption key, API key header and key, and the OAuth
     * client's secret. The inspector token and issued tokens are {@link #add added} as they come.
     */
    static Redaction of(ListenerSettings s) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (List<Endpoint> list : List.of(s.endpoints(), s.detect())) {
            for (Endpoint e : list) {
                Endpoint.Auth auth = e.auth();
                if (auth.apiKeyHeader() != null) {
                    names.add(auth.apiKeyHeader());
                }
                if (auth.apiKey() != null) {
                    values.add(new String(auth.apiKey(), StandardCharsets.UTF_8));
                }
                if (e.secret() != null) {
                    values.add(e.secret());
                }
                if (e.encryption() != null) {
                    values.add(e.encryption().keyBase64());
                }
            }
        }
        if (s.oauth() != null) {
            values.add(new String(s.oauth().clientSecret(), StandardCharsets.UTF_8));
        }
        return new Redaction(names, values);
    }

    /** The row with every credential replaced; {@code d} itself when there was none. */
    StoredDelivery apply(StoredDelivery d) {
        List<Header> headers = headers(d.headers());
        List<Header> responseHeaders = headers(d.responseHeaders());
        String path = d.path() == null ? null : text(d.path());
        String query = d.query() == null ? null : form(d.query());
        String reason = d.reason() == null ? null : text(d.reason());
        String forwardedTo = d.forwardedTo() == null ? null : url(d.forwardedTo());
        String forwardError = d.forwardError() == null ? null : text(d.forwardError());
        byte[] body = body(d.body());
        byte[] response = body(d.responseBody());
        byte[] decrypted = d.decrypted() == null ? null : body(d.decrypted());
        if (headers == null && responseHeaders == null && path == d.path() && query == d.query() && reason == d.reason()
                && forwardedTo == d.forwardedTo() && forwardError == d.forwardError() && body == null
                && response == null && decrypted == null) {
            return d;
        }
        StoredDelivery.Builder b = d.toBuilder();
        if (headers != null) {
            b.headers(headers);
        }
        if (responseHeaders != null) {
            b.responseHeaders(responseHeaders);
        }
        b.path(path).query(query).reason(reason).forwardedTo(forwardedTo).forwardError(forwardError);
        if (body != null) {
            b.body(body);
        }
        if (response != null) {
            b.responseBody(response);
        }
        if (decrypted != null) {
            b.decrypted(decrypted);
        }
        return b.build();
    }

    /** A URL (where a delivery was forwarded or replayed to): its query as a form, the rest as text. */
    private String url(String u) {
        int q = u.indexOf('?');
        if (q < 0) {
            return text(u);
        }
        String base = u.substring(0, q);
        String query = u.substring(q + 1);
        String b = text(base);
        String f = form(query);
        return b == base && f == query ? u : b + "?" + f;
    }

    /** The headers with credentials redacted, or null when there were none. */
    private List<Header> headers(List<Header> in) {
        List<Header> out = null;
        for (int i = 0; i < in.size(); i++) {
            Header h = in.get(i);
            String value = h.value();
            String redacted = isCredentialHeader(h.name()) ? REDACTED : containsSecret(value) ? REDACTED : value;
            if (!redacted.equals(value) && out == null) {
                out = new ArrayList<>(in.subList(0, i));
            }
            if (out != null) {
                out.add(redacted.equals(value) ? h : new Header(h.name(), redacted));
            }
        }
        return out;
    }

    private boolean isCredentialHeader(String name) {
        for (String n : headerNames) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Plain text (a path): each secret form replaced; the same instance when there was none. */
    private String text(String s) {
        List<String> secretForms = this.secretForms;
        if (secretForms.isEmpty() || s.indexOf('%') < 0 && !scans().exact().in(s)) {
            return s; // decoding changes nothing without a '%' ('+' is kept), so nothing below would be found
        }
        String out = s;
        for (String f : secretForms) {
            if (out.contains(f)) {
                out = out.replace(f, REDACTED);
            }
        }
        String decoded = TokenIssuer.decode(out.replace("+", "%2B"));
        return containsSecret(decoded) ? REDACTED : out;
    }

    /**
     * A form or query ({@code a=1&b=2}): the value of each pair whose decoded name is a credential field, or whose
     * decoded value holds a secret, is replaced; the other pairs are kept byte for byte. The same instance when
     * nothing was replaced.
     */
    private String form(String s) {
        Scans scans = scans();
        if (!mayHoldCredentials(s) && (scans.exact().isEmpty() || !scans.exact().in(s)
                && !(scans.spaced() && s.indexOf('+') >= 0))) {
            return s; // without a '%', decoding only makes '+' a space: the pairs hold what s holds
        }
        String[] pairs = s.split("&", -1);
        boolean changed = false;
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String decodedName = TokenIssuer.decode(name).strip().toLowerCase(Locale.ROOT);
            if (SECRET_FIELDS.contains(decodedName) || containsSecret(value) || containsSecret(TokenIssuer.decode(value))
                    || containsSecret(TokenIssuer.decode(name))) {
                pairs[i] = (containsSecret(TokenIssuer.decode(name)) ? REDACTED : name) + "=" + REDACTED;
                changed = true;
            }
        }
        return changed ? String.join("&", pairs) : s;
    }

    /** A body with credentials redacted, or null when it had none. */
    private byte[] body(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        Scans scans = scans();
        if (!TRIGGERS.in(body) && (scans.body().isEmpty() || !scans.body().in(body)
                && !(scans.spaced() && indexOf(body, (byte) '+') >= 0))) {
            // No credential field name, no escape and no secret: neither the JSON, the form nor the text below would
            // find anything (the JSON's strings are its bytes as they are; a form's pairs too, but for '+').
            return null;
        }
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        int first = 0;
        while (first < latin.length() && Character.isWhitespace(latin.charAt(first))) {
            first++;
        }
        if (first < latin.length() && (latin.charAt(first) == '{' || latin.charAt(first) == '[')) {
            byte[] json = json(body);
            if (json != null) {
                return json == body ? null : json;
            }
        }
        if (latin.indexOf('=') >= 0 && !latin.contains("\n")) {
            String f = form(latin);
            if (f != latin) {
                return f.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        String utf8 = new String(body, StandardCharsets.UTF_8);
        String t = utf8;
        for (String form : this.secretForms) {
            if (t.contains(form)) {
                t = t.replace(form, REDACTED);
            }
        }
        return t == utf8 ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A JSON body with credential fields and secret-bearing strings redacted (written anew); {@code body} itself when
     * it is JSON with nothing to redact, null when it is not JSON.
     */
    private byte[] json(byte[] body) {
        JsonNode root;
        try {
            root = Listener.JSON.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
        if (root == null) {
            return null;
        }
        if (!redactTree(root)) {
            return body;
        }
        try {
            return Listener.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            return REDACTED.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Redacts in place; true when anything was. */
    private boolean redactTree(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            List<String> redact = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (SECRET_FIELDS.contains(e.getKey().strip().toLowerCase(Locale.ROOT)) && !v.isContainerNode()
                        && !v.isNull() || v.isTextual() && containsSecret(v.asText())) {
                    redact.add(e.getKey());
                } else {
                    changed |= redactTree(v);
                }
            }
            for (String k : redact) {
                o.set(k, TextNode.valueOf(REDACTED));
            }
            changed |= !redact.isEmpty();
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && containsSecret(a.get(i).asText())) {
                    a.set(i, TextNode.valueOf(REDACTED));
                    changed = true;
                } else {
                    changed |= redactTree(a.get(i));
                }
            }
        }
        return changed;
    }

    private boolean containsSecret(String s) {
        return s != null && scans().exact().in(s);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean mayHoldCredentials(String s) {
        return TRIGGERS.in(s);
    }

    private static String percentEverything(String s, boolean upper) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            String hex = String.format("%%%02x", b & 0xff);
            sb.append(upper ? hex.toUpperCase(Locale.ROOT) : hex);
        }
        return sb.toString();
    }

    private static String jsonEscaped(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
