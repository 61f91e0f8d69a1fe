package dev.hooks.scheme;

import dev.hooks.HooksException;
import dev.hooks.crypto.ConstantTime;
import dev.hooks.crypto.Ed25519;
import dev.hooks.crypto.Encoding;
import dev.hooks.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's signature mechanism bound to one secret: signs bodies into the headers the provider sends, and
 * verifies received headers over the raw bytes in constant time. Every provider goes through this one class; the
 * profile picks the algorithm, key form, signed-content template, value template and tolerance.
 */
public final class SignatureScheme {
    private static final int SHOWN_CONTENT = 2000;

    private final Profile profile;
    private final Profile.SignatureSpec spec;
    private final String algorithm;
    private final byte[] key;
    private final ValueTemplate value;
    private final List<ValueTemplate> alsoAccept;
    private final boolean verifyOnly;
    private final Hmac.Keyed hmac;
    private final List<Templates.Part> before;
    private final List<Templates.Part> after;

    private SignatureScheme(Profile profile, String algorithm, byte[] key, ValueTemplate value, boolean verifyOnly) {
        this.profile = profile;
        this.spec = profile.signature();
        this.algorithm = algorithm;
        this.key = key;
        this.value = value;
        // the further forms read the profile's own value; a keyed variant (an Ed25519 key) has only its own
        this.alsoAccept = value == null || !value.template().equals(spec.value()) ? List.of()
                : spec.alsoAccept().stream().map(t -> new ValueTemplate(t, spec.separator())).toList();
        this.verifyOnly = verifyOnly;
        this.hmac = switch (algorithm) {
            case "hmac-sha1" -> new Hmac.Keyed("HmacSHA1", key);
            case "hmac-sha256" -> new Hmac.Keyed("HmacSHA256", key);
            case "hmac-sha512" -> new Hmac.Keyed("HmacSHA512", key);
            default -> null;
        };
        String template = spec.signed();
        int at = template.indexOf("{body}");
        this.before = Templates.parts(at < 0 ? "" : template.substring(0, at));
        this.after = Templates.parts(at < 0 ? "" : template.substring(at + "{body}".length()));
    }

    /**
     * Binds a profile to a secret. The secret may be null only for profiles without a signature.
     *
     * @throws HooksException (exit 2) when the secret is missing or malformed for the profile's key form
     */
    public static SignatureScheme of(Profile profile, String secret) {
        Profile.SignatureSpec s = profile.signature();
        if (s.none()) {
            return new SignatureScheme(profile, "none", new byte[0], null, false);
        }
        if (secret == null || secret.isEmpty()) {
            throw HooksException.input("provider '" + profile.name() + "' needs a secret: pass --secret, --secret-env NAME, "
                    + "--secret-file PATH or set HOOKS_SECRET");
        }
        String algorithm = s.algorithm();
        String keyForm = s.key();
        String valueTemplate = s.value();
        boolean verifyOnly = false;
        for (Profile.KeyedVariant v : s.keyed()) {
            if (secret.startsWith(v.prefix())) {
                algorithm = v.algorithm();
                keyForm = v.key();
                valueTemplate = v.value();
                verifyOnly = v.verifyOnly();
                break;
            }
        }
        byte[] key = KeyMaterial.decode(secret, keyForm, profile.name());
        if ("ed25519".equals(algorithm) && key.length != Ed25519.KEY_BYTES) {
            throw HooksException.input("provider '" + profile.name() + "': an Ed25519 key has 32 bytes, this one decodes to "
                    + key.length);
        }
        return new SignatureScheme(profile, algorithm, key, new ValueTemplate(valueTemplate, s.separator()), verifyOnly);
    }

    /**
     * What {@link #sign} produced: the headers in the order the provider sends them, the signature header's value,
     * and (worked out only when asked, since a load run never asks) what was signed.
     */
    public static final class Signed {
        private final Map<String, String> headers;
        private final String signatureValue;
        private final Content content;

        Signed(Map<String, String> headers, String signatureValue, Content content) {
            this.headers = headers;
            this.signatureValue = signatureValue;
            this.content = content;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public String signatureValue() {
            return signatureValue;
        }

        /** What was signed, as text (long bodies abbreviated), or null when the profile does not sign. */
        public String signedContent() {
            return content == null ? null : content.shown();
        }
    }

    public boolean signs() {
        return !"none".equals(algorithm);
    }

    public Profile profile() {
        return profile;
    }

    public String algorithm() {
        return algorithm;
    }

    /**
     * Signs a body as the provider would, returning every header it sends with it: the profile's constant headers,
     * the id and timestamp headers, and the signature header.
     *
     * @param id the delivery id (used when the profile has an id header); may be null otherwise
     * @param timestamp the timestamp exactly as it goes in the header (see {@link #formatTimestamp})
     */
    public Signed sign(byte[] body, String id, String timestamp, String url) {
        Map<String, String> headers = new LinkedHashMap<>(profile.headers());
        if (profile.id().header() != null && id != null) {
            headers.put(profile.id().header(), id);
        }
        if (profile.timestamp().header() != null && timestamp != null) {
            headers.put(profile.timestamp().header(), timestamp);
        }
        if (!signs()) {
            return new Signed(headers, null, null);
        }
        if (verifyOnly) {
            throw HooksException.input("provider '" + profile.name() + "': a public key can only verify; sign with the "
                    + "private key");
        }
        Content content = content(body, id, timestamp, url);
        byte[] raw = rawSignature(content);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(value.encoding(), encode(raw, value.encoding()));
        vars.put("id", id == null ? "" : id);
        vars.put("timestamp", timestamp == null ? "" : timestamp);
        String headerValue = value.render(vars);
        headers.put(spec.header(), headerValue);
        return new Signed(headers, headerValue, content);
    }

    /**
     * Checks the signature header over the raw body.
     *
     * @param now the time to judge the timestamp against
     * @param tolerance how far the timestamp may be from {@code now}; null skips the check
     */
    public Verification verify(byte[] body, Headers headers, String url, Instant now, Duration tolerance) {
        if (!signs()) {
            return Verification.unsigned();
        }
        String header = spec.header();
        List<String> values = headers.all(header);
        if (values.isEmpty()) {
            return Verification.failed(algorithm, "missing header " + header);
        }
        if (values.size() > 1) {
            return Verification.failed(algorithm, "header " + header + " appears " + values.size() + " times");
        }
        ValueTemplate form = value;
        ValueTemplate.Parsed parsed = value.parse(values.get(0));
        for (int i = 0; i < alsoAccept.size() && parsed.signatures().isEmpty(); i++) {
            ValueTemplate.Parsed other = alsoAccept.get(i).parse(values.get(0));
            if (!other.signatures().isEmpty() && decode(other.signatures().get(0), alsoAccept.get(i).encoding()).isPresent()) {
                form = alsoAccept.get(i);
                parsed = other;
            }
        }
        if (parsed.signatures().isEmpty()) {
            if (parsed.ignored() > 0 && spec.separator() != null && parsed.entries() > 0 && looksVersioned(values.get(0))) {
                return Verification.failed(algorithm, "no signature of a known version in " + header + " (expected '"
                        + value.template() + "')");
            }
            return Verification.failed(algorithm, "malformed " + header + " header: expected '" + value.template() + "'"
                    + alsoAccept.stream().map(a -> " or '" + a.template() + "'").collect(java.util.stream.Collectors.joining()));
        }
        String timestamp = parsed.timestamp();
        if (timestamp == null && profile.timestamp().header() != null) {
            List<String> ts = headers.all(profile.timestamp().header());
            if (ts.size() > 1) {
                return Verification.failed(algorithm, "header " + profile.timestamp().header() + " appears " + ts.size()
                        + " times");
            }
            timestamp = ts.isEmpty() ? null : ts.get(0).strip();
        }
        boolean needsTimestamp = spec.signed().contains("{timestamp}") || form.template().contains("{timestamp}");
        if (timestamp == null && needsTimestamp) {
            return Verification.failed(algorithm, "missing timestamp: header " + (profile.timestamp().header() != null
                    ? profile.timestamp().header() : header + " carries no {timestamp}"));
        }
        String id = parsed.id();
        if (id == null && profile.id().header() != null) {
            id = headers.first(profile.id().header());
        }
        if (id == null && spec.signed().contains("{id}")) {
            return Verification.failed(algorithm, "missing header " + profile.id().header());
        }
        Content content = content(body, id, timestamp, url);
        byte[] expectedRaw = verifyOnly ? null : rawSignature(content);
        String encoding = form.encoding();
        String expected = expectedRaw == null ? null : encode(expectedRaw, encoding);
        boolean match = false;
        boolean malformed = false;
        for (String received : parsed.signatures()) {
            Optional<byte[]> decoded = decode(received, encoding);
            if (decoded.isEmpty()) {
                malformed = true;
                continue;
            }
            boolean ok = verifyOnly ? Ed25519.verify(key, content.bytes(), decoded.get())
                    : ConstantTime.equals(expectedRaw, decoded.get());
            match |= ok;
        }
        String reason = null;
        if (!match) {
            reason = malformed && parsed.signatures().size() == 1
                    ? "malformed signature in " + header + ": not " + (encoding.equals("base64") ? "base64" : "hex")
                    : "signature mismatch (" + parsed.signatures().size() + " signature"
                    + (parsed.signatures().size() == 1 ? "" : "s") + " checked)";
        } else if (tolerance != null && timestamp != null) {
            reason = timeReason(timestamp, now, tolerance);
        }
        return new Verification(match && reason == null, reason, algorithm, content.shown(), expected,
                List.copyOf(parsed.signatures()), encoding, timestamp, form.template());
    }

    private static boolean looksVersioned(String value) {
        return value.contains(",") || value.contains("=");
    }

    private String timeReason(String timestamp, Instant now, Duration tolerance) {
        Optional<Instant> at = parseTimestamp(timestamp, profile.timestamp().format());
        if (at.isEmpty()) {
            return "malformed timestamp '" + abbreviate(timestamp, 40) + "' (expected " + profile.timestamp().format() + ")";
        }
        Duration age = Duration.between(at.get(), now);
        if (age.compareTo(tolerance) > 0) {
            return "timestamp too old: " + Durations.format(Duration.ofSeconds(age.getSeconds())) + " before now, tolerance "
                    + Durations.format(tolerance);
        }
        if (spec.rejectFuture() && age.negated().compareTo(tolerance) > 0) {
            return "timestamp in the future: " + Durations.format(Duration.ofSeconds(-age.getSeconds()))
                    + " after now, tolerance " + Durations.format(tolerance);
        }
        return null;
    }

    /** Writes a time as this profile's timestamp header carries it. */
    public static String formatTimestamp(Instant t, String format) {
        return switch (format) {
            case "unix-ms" -> Long.toString(t.toEpochMilli());
            case "iso8601" -> t.toString();
            default -> Long.toString(t.getEpochSecond());
        };
    }

    public static Optional<Instant> parseTimestamp(String text, String format) {
        try {
            return switch (format) {
                case "unix-ms" -> Optional.of(Instant.ofEpochMilli(Long.parseLong(text.strip())));
                case "iso8601" -> Optional.of(Instant.parse(text.strip()));
                default -> Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
            };
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private record Content(byte[] before, byte[] body, byte[] after) {
        byte[] bytes() {
            byte[] all = new byte[before.length + body.length + after.length];
            System.arraycopy(before, 0, all, 0, before.length);
            System.arraycopy(body, 0, all, before.length, body.length);
            System.arraycopy(after, 0, all, before.length + body.length, after.length);
            return all;
        }

        String shown() {
            String b = new String(body, StandardCharsets.UTF_8);
            return new String(before, StandardCharsets.UTF_8) + abbreviate(b, SHOWN_CONTENT)
                    + new String(after, StandardCharsets.UTF_8);
        }
    }

    private Content content(byte[] body, String id, String timestamp, String url) {
        Map<String, String> vars = Map.of("id", id == null ? "" : id, "timestamp", timestamp == null ? "" : timestamp,
                "url", url == null ? "" : url);
        byte[] before = Templates.render(this.before, vars).getBytes(StandardCharsets.UTF_8);
        byte[] after = Templates.render(this.after, vars).getBytes(StandardCharsets.UTF_8);
        return new Content(before, "ascii".equals(spec.bodyEncoding()) ? dotNetAscii(body) : body, after);
    }

    /**
     * What .NET's {@code Encoding.ASCII.GetBytes} makes of a UTF-8 body: one {@code ?} per UTF-16 unit outside ASCII,
     * so two for a character outside the Basic Multilingual Plane (its replacement fallback doubles {@code ?} for a
     * surrogate pair).
     */
    static byte[] dotNetAscii(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length);
        text.chars().forEach(c -> out.write(c < 0x80 ? c : '?'));
        return out.toByteArray();
    }

    private byte[] rawSignature(Content c) {
        return switch (algorithm) {
            case "hmac-sha1", "hmac-sha256", "hmac-sha512" -> hmac.compute(c.before(), c.body(), c.after());
            case "ed25519" -> Ed25519.sign(key, c.bytes());
            default -> throw new IllegalStateException("no signature algorithm " + algorithm);
        };
    }

    static String encode(byte[] raw, String encoding) {
        return switch (encoding) {
            case "HEX" -> Encoding.hex(raw).toUpperCase(Locale.ROOT);
            case "base64" -> Encoding.base64(raw);
            default -> Encoding.hex(raw);
        };
    }

    private static Optional<byte[]> decode(String text, String encoding) {
        return "base64".equals(encoding) ? Encoding.fromBase64(text) : Encoding.fromHex(text);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }

    /** The signature header's value template this secret signs with (a keyed variant's where the secret picks one). */
    public ValueTemplate valueTemplate() {
        return value;
    }

    /** The tolerance the profile sets, or null. */
    public Duration tolerance() {
        return spec.tolerance();
    }

    /** A list view of the headers this scheme reads, for messages and detection. */
    public List<String> headerNames() {
        List<String> out = new ArrayList<>();
        out.add(spec.header());
        if (profile.timestamp().header() != null) {
            out.add(profile.timestamp().header());
        }
        if (profile.id().header() != null) {
            out.add(profile.id().header());
        }
        return out;
    }
}
