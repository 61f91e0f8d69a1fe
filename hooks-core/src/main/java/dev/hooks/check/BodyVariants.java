package dev.hooks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.samples.DottedPath;
import dev.hooks.samples.JsonBody;
import dev.hooks.scheme.Profile;
import dev.hooks.send.SampleEnvelopes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Bodies that are valid JSON, correctly signed as sent, and that a receiver which parses and re-serialises before
 * verifying would change: other whitespace, other key order, {@code \u00e9} escapes, raw non-ASCII, emoji, {@code 1.50},
 * an integer beyond 2^53, an escaped slash, and CRLF line breaks where the provider is an ASP.NET sender. Each value
 * goes in a field {@code hooks_check} of the envelope's data part, so the event stays the same event.
 */
final class BodyVariants {
    /** One body and what about its bytes a re-serialiser would change. */
    record Variant(String name, byte[] body) {}

    /** Raw JSON values, each written exactly as a sender may write it. */
    private static final Map<String, String> VALUES = valuesInOrder();
    private static final String FIELD = "hooks_check";

    private BodyVariants() {}

    private static Map<String, String> valuesInOrder() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("\\u00e9 escapes", "\"Caf\\u00e9 \\u00e0 la carte\"");
        m.put("raw non-ASCII", "\"Café à la carte, Zoë Ødegård\"");
        m.put("emoji", "\"Payroll approved \uD83C\uDF89\"");
        m.put("1.50", "1.50");
        m.put("a large integer", "12345678901234567890");
        m.put("an escaped slash", "\"https:\\/\\/example.test\\/payroll\"");
        return m;
    }

    /** The variants of a sample; {@code render} gives a freshly rendered envelope (fresh ids) for each. */
    static List<Variant> of(Profile profile, Supplier<ObjectNode> render) {
        JsonBody.Style style = SampleEnvelopes.style(profile);
        List<Variant> out = new ArrayList<>();
        out.add(new Variant("other whitespace", concat(JsonBody.toBytes(render.get(), JsonBody.Style.PRETTY),
                "\n".getBytes(StandardCharsets.US_ASCII))));
        out.add(new Variant("other key order", JsonBody.toBytes(reversed(render.get()), style)));
        for (Map.Entry<String, String> v : VALUES.entrySet()) {
            out.add(new Variant(v.getKey(), withValue(render.get(), profile, style, v.getValue())));
        }
        if (style == JsonBody.Style.NEWTONSOFT_INDENTED) {
            out.add(new Variant("CRLF line breaks", JsonBody.toBytes(render.get(), JsonBody.Style.NEWTONSOFT_INDENTED)));
        }
        return out;
    }

    /** The body with one value changed by a digit (the last digit: an amount, an id, a date), still valid JSON. */
    static byte[] tamper(byte[] body) {
        byte[] out = body.clone();
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = (byte) (out[i] == '9' ? '8' : out[i] + 1);
                return out;
            }
        }
        return concat(body, " ".getBytes(StandardCharsets.US_ASCII));
    }

    private static ObjectNode reversed(ObjectNode tree) {
        ObjectNode out = tree.objectNode();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        for (int i = fields.size() - 1; i >= 0; i--) {
            out.set(fields.get(i).getKey(), fields.get(i).getValue());
        }
        return out;
    }

    /** The tree serialised with {@code "hooks_check": RAW} in its data part, RAW written exactly as given. */
    private static byte[] withValue(ObjectNode tree, Profile profile, JsonBody.Style style, String raw) {
        String dataPath = profile.envelope().data();
        JsonNode target = dataPath == null || dataPath.isEmpty() ? tree : DottedPath.get(tree, dataPath).orElse(tree);
        ObjectNode object = target instanceof ObjectNode o ? o : tree;
        String marker = "hooks-check-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        object.put(FIELD, marker);
        byte[] bytes = JsonBody.toBytes(tree, style);
        byte[] quoted = ("\"" + marker + "\"").getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, quoted);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + raw.length());
        out.write(bytes, 0, at);
        out.writeBytes(raw.getBytes(StandardCharsets.UTF_8));
        out.write(bytes, at + quoted.length, bytes.length - at - quoted.length);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found in the serialised body");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
