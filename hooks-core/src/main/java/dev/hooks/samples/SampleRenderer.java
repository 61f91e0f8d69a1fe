package dev.hooks.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hooks.HooksException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a sample template into a fresh envelope, and edits envelopes ({@code --set},
 * {@code --data-file}).
 *
 * <p>A placeholder is {@code {{NAME}}} or {@code {{NAME:ARGS}}} inside a JSON string. When the whole
 * string is one placeholder of a numeric kind the value becomes a JSON number; inside a longer string
 * the value is substituted as text ({@code "pay run {{int:1000:9999}}"} becomes {@code "pay run 4821"}).
 *
 * <table>
 *   <caption>Placeholders</caption>
 *   <tr><td>{@code {{uuid}}}</td><td>random UUID, lowercase with dashes</td></tr>
 *   <tr><td>{@code {{uuid:n}}}</td><td>random UUID as 32 lowercase hex digits (.NET GUID "N")</td></tr>
 *   <tr><td>{@code {{id:PREFIX}}}</td><td>PREFIX and 24 random letters and digits ({@code {{id:evt_}}})</td></tr>
 *   <tr><td>{@code {{alnum:N}}}</td><td>N random letters and digits</td></tr>
 *   <tr><td>{@code {{upper:N}}}</td><td>N random uppercase letters and digits (Slack-style ids)</td></tr>
 *   <tr><td>{@code {{hex:N}}}</td><td>N random lowercase hex digits (commit SHAs)</td></tr>
 *   <tr><td>{@code {{digits:N}}}</td><td>N random digits as a string, the first not 0</td></tr>
 *   <tr><td>{@code {{int:MIN:MAX}}}</td><td>random integer in [MIN, MAX], a number</td></tr>
 *   <tr><td>{@code {{now:iso}}}</td><td>now, ISO-8601 UTC with milliseconds: 2026-03-05T14:07:09.123Z</td></tr>
 *   <tr><td>{@code {{now:rfc3339}}}</td><td>now, RFC 3339 UTC in seconds: 2026-03-05T14:07:09Z</td></tr>
 *   <tr><td>{@code {{now:unix}}}</td><td>now in epoch seconds, a number</td></tr>
 *   <tr><td>{@code {{now:unix-ms}}}</td><td>now in epoch milliseconds, a number</td></tr>
 *   <tr><td>{@code {{today}}}</td><td>today's UTC date, yyyy-MM-dd</td></tr>
 *   <tr><td>{@code {{date:+N}}}, {@code {{date:-N}}}</td><td>the UTC date N days after / before today</td></tr>
 * </table>
 *
 * <p>Any placeholder may end in {@code #KEY}: within one render every placeholder with the same key
 * takes the value the first one (in document order) produced, so {@code "{{int:100:999#pr}}"} can
 * appear as both {@code number} and {@code pull_request.number}. All {@code now}/{@code today}/
 * {@code date} values of one render use the same instant. An unknown or malformed placeholder, or a
 * stray double opening brace, is an error that names the field, so a typo is caught rather than sent.
 */
public final class SampleRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern DAYS = Pattern.compile("[+-]\\d{1,5}");
    private static final Pattern LENGTH = Pattern.compile("\\d{1,4}");
    private static final Pattern BOUND = Pattern.compile("-?\\d{1,18}");
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final DateTimeFormatter ISO_MS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_LENGTH = 4096;

    private final Clock clock;
    private final RandomGenerator random;

    /** Renders with the system clock and a {@link SecureRandom}. */
    public SampleRenderer() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** Renders with the given clock and randomness (tests pin both). */
    public SampleRenderer(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A new tree: {@code template} with every placeholder replaced by a fresh value. The template is not
     * changed.
     *
     * @throws HooksException (input) when the template is not a JSON object or holds an unknown or
     *     malformed placeholder; the message names the field
     */
    public ObjectNode render(JsonNode template) {
        if (template == null || !template.isObject()) {
            throw HooksException.input("a sample must be a JSON object");
        }
        Render render = new Render(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return (ObjectNode) render.node(template, "");
    }

    /**
     * Applies one {@code --set} assignment {@code PATH=VALUE}. VALUE is parsed as JSON when it is exactly
     * one JSON value (number, true, false, null, object, array, "quoted string"), and otherwise taken as
     * plain text: {@code data.status=CLOSED} sets the string CLOSED, {@code data.count=3} the number 3,
     * {@code data.id="3"} the string 3.
     *
     * @throws HooksException (input) when there is no {@code =} or the path is bad (see {@link DottedPath#set})
     */
    public static void set(ObjectNode tree, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            throw HooksException.input("--set '" + assignment + "' has no '=': write PATH=VALUE, e.g. data.status=CLOSED");
        }
        DottedPath.set(tree, assignment.substring(0, eq), parseValue(assignment.substring(eq + 1)));
    }

    /** Applies {@code --set} assignments in order. */
    public static void setAll(ObjectNode tree, List<String> assignments) {
        for (String assignment : assignments) {
            set(tree, assignment);
        }
    }

    /** The value of a {@code --set}: JSON when {@code raw} is exactly one JSON value, else a string. */
    public static JsonNode parseValue(String raw) {
        JsonNode parsed = raw.isBlank() ? null : JsonBody.tryParse(raw);
        return parsed != null ? parsed : TextNode.valueOf(raw);
    }

    /**
     * Replaces the data part of an envelope ({@code --data-file}). {@code dataPath} is the folder's
     * data path; {@code ""} means the envelope itself, whose fields are then replaced by those of
     * {@code data} (which must be an object).
     *
     * @throws HooksException (input) when the provider has no data part ({@code dataPath} null) or the
     *     path is bad
     */
    public static void replaceData(ObjectNode tree, String dataPath, JsonNode data) {
        if (dataPath == null) {
            throw HooksException.input("this provider's envelope has no data part to replace; use --set PATH=VALUE");
        }
        if (dataPath.isEmpty()) {
            if (!data.isObject()) {
                throw HooksException.input("the data must be a JSON object: it replaces the whole envelope");
            }
            tree.removeAll();
            tree.setAll((ObjectNode) data.deepCopy());
            return;
        }
        DottedPath.set(tree, dataPath, data.deepCopy());
    }

    /** One render: the instant and the keyed values shared by its placeholders. */
    private final class Render {
        private final Instant now;
        private final Map<String, Object> keyed = new HashMap<>(4);
        private String iso;
        private String rfc3339;

        Render(Instant now) {
            this.now = now;
        }

        JsonNode node(JsonNode node, String path) {
            if (node.isObject()) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                node.fields().forEachRemaining(e -> out.set(e.getKey(), node(e.getValue(), join(path, e.getKey()))));
                return out;
            }
            if (node.isArray()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < node.size(); i++) {
                    out.add(node(node.get(i), join(path, Integer.toString(i))));
                }
                return out;
            }
            if (node.isTextual()) {
                return text(node.textValue(), path);
            }
            return node.deepCopy();
        }

        private JsonNode text(String text, String path) {
            if (!text.contains("{{")) {
                return TextNode.valueOf(text);
            }
            Matcher m = PLACEHOLDER.matcher(text);
            if (m.matches()) {
                Object value = value(m.group(1), path);
                if (value instanceof Long n) {
                    // the node type a parser would give, so rendered and re-parsed trees compare equal
                    return n == n.intValue() ? IntNode.valueOf(n.intValue()) : LongNode.valueOf(n);
                }
                return TextNode.valueOf((String) value);
            }
            StringBuilder out = new StringBuilder();
            m.reset();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value(m.group(1), path))));
            }
            m.appendTail(out);
            if (out.indexOf("{{") >= 0) {
                throw bad(path, "'" + text + "'", "has an unclosed or nested '{{'");
            }
            return TextNode.valueOf(out.toString());
        }

        private Object value(String spec, String path) {
            int hash = spec.lastIndexOf('#');
            Object known = hash < 0 ? null : keyed.get(spec.substring(hash + 1));
            return known != null ? known : value(Spec.parse(spec, path));
        }

        /** The value of a parsed placeholder: a keyed one's first value within this render, else a fresh one. */
        Object value(Spec spec) {
            if (spec.key() == null) {
                return generate(spec);
            }
            Object known = keyed.get(spec.key());
            if (known == null) {
                known = generate(spec);
                keyed.put(spec.key(), known);
            }
            return known;
        }

        private Object generate(Spec spec) {
            return switch (spec.kind()) {
                case UUID -> uuid(true);
                case UUID_N -> uuid(false);
                case ID -> spec.text() + chars(ALNUM, 24);
                case ALNUM -> chars(ALNUM, spec.length());
                case UPPER -> chars(UPPER, spec.length());
                case HEX -> chars(HEX, spec.length());
                case DIGITS -> (char) ('1' + random.nextInt(9)) + chars("0123456789", spec.length() - 1);
                case INT -> spec.max() == Long.MAX_VALUE ? random.nextLong(spec.min(), spec.max())
                        : random.nextLong(spec.min(), spec.max() + 1);
                case NOW_ISO -> iso();
                case NOW_RFC3339 -> rfc3339();
                case NOW_UNIX -> now.getEpochSecond();
                case NOW_UNIX_MS -> now.toEpochMilli();
                case TODAY -> today().toString();
                case DATE -> today().plusDays(spec.min()).toString();
            };
        }

        private String iso() {
            if (iso == null) {
                iso = isoMillis(now);
            }
            return iso;
        }

        private String rfc3339() {
            if (rfc3339 == null) {
                rfc3339 = SampleRenderer.rfc3339(now);
            }
            return rfc3339;
        }

        private LocalDate today() {
            return LocalDate.ofInstant(now, ZoneOffset.UTC);
        }

        private String uuid(boolean dashes) {
            // 32 random hex digits, then the variant's draw; version 4, RFC 4122 variant
            char[] hex = new char[32];
            for (int i = 0; i < 32; i++) {
                hex[i] = HEX.charAt(random.nextInt(16));
            }
            hex[12] = '4';
            hex[16] = HEX.charAt(8 + random.nextInt(4));
            if (!dashes) {
                return new String(hex);
            }
            char[] out = new char[36];
            System.arraycopy(hex, 0, out, 0, 8);
            out[8] = '-';
            System.arraycopy(hex, 8, out, 9, 4);
            out[13] = '-';
            System.arraycopy(hex, 12, out, 14, 4);
            out[18] = '-';
            System.arraycopy(hex, 16, out, 19, 4);
            out[23] = '-';
            System.arraycopy(hex, 20, out, 24, 12);
            return new String(out);
        }

        private String chars(String alphabet, int n) {
            char[] out = new char[n];
            for (int i = 0; i < n; i++) {
                out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            return new String(out);
        }

    }

    private static HooksException bad(String path, String what, String why) {
        return HooksException.input("at '" + (path.isEmpty() ? "(root)" : path) + "': " + what + " " + why);
    }

    /** The kinds of placeholder. */
    private enum Kind {
        UUID, UUID_N, ID, ALNUM, UPPER, HEX, DIGITS, INT, NOW_ISO, NOW_RFC3339, NOW_UNIX, NOW_UNIX_MS, TODAY, DATE
    }

    /**
     * One placeholder, parsed and checked.
     *
     * @param text the prefix of {@code id:PREFIX}
     * @param length the length of alnum, upper, hex and digits
     * @param min the lower bound of int; the days of date
     * @param key the {@code #KEY} that shares the value within a render, or null
     */
    private record Spec(Kind kind, String text, int length, long min, long max, String key) {
        static Spec parse(String spec, String path) {
            int hash = spec.lastIndexOf('#');
            String key = hash < 0 ? null : spec.substring(hash + 1);
            String bare = hash < 0 ? spec : spec.substring(0, hash);
            int colon = bare.indexOf(':');
            String name = colon < 0 ? bare : bare.substring(0, colon);
            String arg = colon < 0 ? null : bare.substring(colon + 1);
            Kind kind = switch (name) {
                case "uuid" -> arg == null ? Kind.UUID : arg.equals("n") ? Kind.UUID_N : null;
                case "id" -> arg != null ? Kind.ID : null;
                case "alnum" -> Kind.ALNUM;
                case "upper" -> Kind.UPPER;
                case "hex" -> Kind.HEX;
                case "digits" -> Kind.DIGITS;
                case "int" -> Kind.INT;
                case "now" -> arg == null ? null : switch (arg) {
                    case "iso" -> Kind.NOW_ISO;
                    case "rfc3339" -> Kind.NOW_RFC3339;
                    case "unix" -> Kind.NOW_UNIX;
                    case "unix-ms" -> Kind.NOW_UNIX_MS;
                    default -> null;
                };
                case "today" -> arg == null ? Kind.TODAY : null;
                case "date" -> arg != null && DAYS.matcher(arg).matches() ? Kind.DATE : null;
                default -> null;
            };
            if (kind == null) {
                throw bad(path, "{{" + bare + "}}", "is not a known placeholder (uuid, uuid:n, id:PREFIX, alnum:N,"
                        + " upper:N, hex:N, digits:N, int:MIN:MAX, now:iso, now:rfc3339, now:unix, now:unix-ms, today,"
                        + " date:+N)");
            }
            return switch (kind) {
                case ALNUM, UPPER, HEX, DIGITS -> new Spec(kind, null, length(arg, bare, path), 0, 0, key);
                case INT -> {
                    long[] bounds = bounds(arg, bare, path);
                    yield new Spec(kind, null, 0, bounds[0], bounds[1], key);
                }
                case DATE -> new Spec(kind, null, 0, Long.parseLong(arg), 0, key);
                case ID -> new Spec(kind, arg, 0, 0, 0, key);
                default -> new Spec(kind, null, 0, 0, 0, key);
            };
        }

        private static int length(String arg, String spec, String path) {
            if (arg != null && LENGTH.matcher(arg).matches()) {
                int n = Integer.parseInt(arg);
                if (n >= 1 && n <= MAX_LENGTH) {
                    return n;
                }
            }
            throw bad(path, "{{" + spec + "}}", "needs a length from 1 to " + MAX_LENGTH);
        }

        private static long[] bounds(String arg, String spec, String path) {
            String[] bounds = arg == null ? new String[0] : arg.split(":", -1);
            if (bounds.length == 2 && BOUND.matcher(bounds[0]).matches() && BOUND.matcher(bounds[1]).matches()) {
                long min = Long.parseLong(bounds[0]);
                long max = Long.parseLong(bounds[1]);
                if (min <= max) {
                    return new long[] {min, max};
                }
            }
            throw bad(path, "{{" + spec + "}}", "malformed: write {{int:MIN:MAX}} with MIN <= MAX");
        }
    }

    /**
     * Strings holding placeholders, parsed once and rendered many times ({@code send --count} renders only a
     * sample's placeholder strings, then splices their values into the sample serialised once).
     *
     * @param texts the strings, in document order
     * @throws HooksException (input) as {@link #render} does on a bad placeholder
     */
    public Compiled compile(List<String> texts) {
        Object[][] parts = new Object[texts.size()][];
        for (int i = 0; i < parts.length; i++) {
            String text = texts.get(i);
            String path = Integer.toString(i);
            List<Object> list = new java.util.ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(text);
            int from = 0;
            while (m.find()) {
                if (m.start() > from) {
                    list.add(text.substring(from, m.start()));
                }
                list.add(Spec.parse(m.group(1), path));
                from = m.end();
            }
            if (from < text.length()) {
                list.add(text.substring(from));
            }
            for (Object o : list) {
                if (o instanceof String literal && literal.contains("{{")) {
                    throw bad(path, "'" + text + "'", "has an unclosed or nested '{{'");
                }
            }
            parts[i] = list.toArray();
        }
        return new Compiled(parts);
    }

    /** Strings of placeholders, parsed: see {@link #compile}. Thread-safe. */
    public final class Compiled {
        private final Object[][] parts;

        private Compiled(Object[][] parts) {
            this.parts = parts;
        }

        /**
         * One render of every string, in order: a Long where {@link SampleRenderer#render} makes a JSON number (a
         * string that is one numeric placeholder), else a String. The values, the draws of randomness and their
         * order, the one instant and the keyed values are those of rendering a tree holding these strings in this
         * order.
         */
        public Object[] render() {
            Render render = new Render(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            Object[] out = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                Object[] p = parts[i];
                if (p.length == 1 && p[0] instanceof Spec spec) {
                    out[i] = render.value(spec);
                    continue;
                }
                StringBuilder sb = new StringBuilder(64);
                for (Object o : p) {
                    sb.append(o instanceof Spec spec ? render.value(spec) : o);
                }
                out[i] = sb.toString();
            }
            return out;
        }
    }

    /** {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, written directly for the years 0 to 9999. */
    static String isoMillis(Instant t) {
        return utc(t, true);
    }

    /** {@code uuuu-MM-dd'T'HH:mm:ss'Z'} in UTC, written directly for the years 0 to 9999. */
    static String rfc3339(Instant t) {
        return utc(t, false);
    }

    private static String utc(Instant t, boolean millis) {
        java.time.LocalDateTime d =
                java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return (millis ? ISO_MS : RFC3339).format(t);
        }
        char[] c = new char[millis ? 24 : 20];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, d.getHour(), 2);
        c[13] = ':';
        digits(c, 14, d.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, d.getSecond(), 2);
        if (millis) {
            c[19] = '.';
            digits(c, 20, d.getNano() / 1_000_000, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static String join(String path, String segment) {
        String escaped = segment.replace(".", "\\.");
        return path.isEmpty() ? escaped : path + "." + escaped;
    }
}
