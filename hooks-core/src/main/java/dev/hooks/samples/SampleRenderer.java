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
        private final Map<String, Object> keyed = new HashMap<>();

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
            if (hash < 0) {
                return generate(spec, path);
            }
            String key = spec.substring(hash + 1);
            Object known = keyed.get(key);
            if (known == null) {
                known = generate(spec.substring(0, hash), path);
                keyed.put(key, known);
            }
            return known;
        }

        private Object generate(String spec, String path) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String arg = colon < 0 ? null : spec.substring(colon + 1);
            switch (name) {
                case "uuid":
                    if (arg == null) {
                        return uuid(true);
                    }
                    if (arg.equals("n")) {
                        return uuid(false);
                    }
                    break;
                case "id":
                    if (arg != null) {
                        return arg + chars(ALNUM, 24);
                    }
                    break;
                case "alnum":
                    return chars(ALNUM, length(arg, spec, path));
                case "upper":
                    return chars(UPPER, length(arg, spec, path));
                case "hex":
                    return chars(HEX, length(arg, spec, path));
                case "digits": {
                    int n = length(arg, spec, path);
                    return (char) ('1' + random.nextInt(9)) + chars("0123456789", n - 1);
                }
                case "int":
                    return integer(arg, spec, path);
                case "now":
                    if (arg != null) {
                        switch (arg) {
                            case "iso":
                                return ISO_MS.format(now);
                            case "rfc3339":
                                return RFC3339.format(now);
                            case "unix":
                                return now.getEpochSecond();
                            case "unix-ms":
                                return now.toEpochMilli();
                            default:
                                break;
                        }
                    }
                    break;
                case "today":
                    if (arg == null) {
                        return today().toString();
                    }
                    break;
                case "date":
                    if (arg != null && DAYS.matcher(arg).matches()) {
                        return today().plusDays(Long.parseLong(arg)).toString();
                    }
                    break;
                default:
                    break;
            }
            throw bad(path, "{{" + spec + "}}", "is not a known placeholder (uuid, uuid:n, id:PREFIX, alnum:N, upper:N,"
                    + " hex:N, digits:N, int:MIN:MAX, now:iso, now:rfc3339, now:unix, now:unix-ms, today, date:+N)");
        }

        private LocalDate today() {
            return LocalDate.ofInstant(now, ZoneOffset.UTC);
        }

        private int length(String arg, String spec, String path) {
            if (arg != null && LENGTH.matcher(arg).matches()) {
                int n = Integer.parseInt(arg);
                if (n >= 1 && n <= MAX_LENGTH) {
                    return n;
                }
            }
            throw bad(path, "{{" + spec + "}}", "needs a length from 1 to " + MAX_LENGTH);
        }

        private long integer(String arg, String spec, String path) {
            String[] bounds = arg == null ? new String[0] : arg.split(":", -1);
            if (bounds.length == 2 && BOUND.matcher(bounds[0]).matches() && BOUND.matcher(bounds[1]).matches()) {
                long min = Long.parseLong(bounds[0]);
                long max = Long.parseLong(bounds[1]);
                if (min <= max) {
                    return max == Long.MAX_VALUE ? random.nextLong(min, max) : random.nextLong(min, max + 1);
                }
            }
            throw bad(path, "{{" + spec + "}}", "malformed: write {{int:MIN:MAX}} with MIN <= MAX");
        }

        private String uuid(boolean dashes) {
            String hex = chars(HEX, 32);
            // version 4, RFC 4122 variant
            char variant = HEX.charAt(8 + random.nextInt(4));
            hex = hex.substring(0, 12) + '4' + hex.substring(13, 16) + variant + hex.substring(17);
            if (!dashes) {
                return hex;
            }
            return hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-'
                    + hex.substring(16, 20) + '-' + hex.substring(20);
        }

        private String chars(String alphabet, int n) {
            char[] out = new char[n];
            for (int i = 0; i < n; i++) {
                out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            return new String(out);
        }

        private HooksException bad(String path, String what, String why) {
            return HooksException.input("at '" + (path.isEmpty() ? "(root)" : path) + "': " + what + " " + why);
        }
    }

    private static String join(String path, String segment) {
        String escaped = segment.replace(".", "\\.");
        return path.isEmpty() ? escaped : path + "." + escaped;
    }
}
