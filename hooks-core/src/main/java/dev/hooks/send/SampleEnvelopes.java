package dev.hooks.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.DottedPath;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.Profile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Fresh envelopes of one sample event, one per delivery: rendered with new ids and times, then edited as asked
 * ({@code --data-file} replaces the data part, {@code --set} edits fields, {@code --no-payload} leaves out the
 * profile's {@code envelope.payload}), and serialised in the profile's format. The first is made at once, so a bad
 * edit is reported before anything is sent. Thread-safe.
 */
public final class SampleEnvelopes implements Sender.EnvelopeSource {
    /**
     * Randomness for sample values and fresh ids: each thread's own generator, so load runs never queue on one lock
     * (a shared {@link java.security.SecureRandom} serialised every worker). Sample data needs uniqueness, not secrecy.
     */
    public static final RandomGenerator FAST_RANDOM = () -> ThreadLocalRandom.current().nextLong();
    private static final char[] ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Profile profile;
    private final SampleEvent event;
    private final ObjectNode template;
    private final SampleRenderer renderer;
    private final JsonNode data;
    private final List<String> sets;
    private final boolean noPayload;
    private final Envelope first;
    private final BodyTemplate body;

    /**
     * @param data the replacement data part, or null
     * @param noPayload leave out {@code envelope.payload}; an error for profiles without one
     */
    public SampleEnvelopes(Profile profile, SampleCatalog catalog, SampleEvent event, SampleRenderer renderer,
                           JsonNode data, List<String> sets, boolean noPayload) {
        this(profile, catalog, event, renderer, data, sets, noPayload, true);
    }

    /** @param spliced fill placeholders into the sample serialised once ({@link BodyTemplate}) where possible */
    SampleEnvelopes(Profile profile, SampleCatalog catalog, SampleEvent event, SampleRenderer renderer,
                    JsonNode data, List<String> sets, boolean noPayload, boolean spliced) {
        this.profile = profile;
        this.event = event;
        this.template = catalog.template(event);
        this.renderer = renderer;
        this.data = data;
        this.sets = List.copyOf(sets);
        this.noPayload = noPayload;
        if (noPayload && profile.envelope().payload() == null) {
            throw HooksException.input("provider '" + profile.name() + "' has no optional payload to leave out "
                    + "(its profile sets no envelope.payload)");
        }
        this.first = make();
        this.body = spliced ? BodyTemplate.of(template, profile, event.eventType(), this::edit, renderer) : null;
    }

    @Override
    public Envelope next(long n) {
        return n == 1 ? first : body != null ? body.make(profile) : make();
    }

    /**
     * The envelope of a tree rendered elsewhere (the emulator's events, each delivered to several subscriptions),
     * serialised in the profile's format, its attempt counter (where the profile has one) set per attempt.
     */
    public static Envelope of(Profile profile, ObjectNode tree, String eventType) {
        return new TreeEnvelope(tree, profile, eventType);
    }

    /** Whether deliveries are spliced into the serialised sample rather than rendered as whole trees. */
    boolean spliced() {
        return body != null;
    }

    private Envelope make() {
        ObjectNode tree;
        try {
            tree = renderer.render(template);
        } catch (HooksException e) {
            throw HooksException.input("sample " + event.folder() + "/" + event.file() + ": " + e.getMessage());
        }
        edit(tree);
        return new TreeEnvelope(tree, profile, event.eventType());
    }

    /** The edits asked for, applied after rendering. */
    private void edit(ObjectNode tree) {
        if (data != null) {
            SampleRenderer.replaceData(tree, event.dataPath(), data);
        }
        SampleRenderer.setAll(tree, sets);
        if (noPayload) {
            DottedPath.remove(tree, profile.envelope().payload());
        }
    }

    /** Serialisation style of a profile's {@code envelope.format}. */
    public static JsonBody.Style style(Profile profile) {
        return switch (profile.envelope().format()) {
            case "pretty" -> JsonBody.Style.PRETTY;
            case "newtonsoft" -> JsonBody.Style.NEWTONSOFT_INDENTED;
            default -> JsonBody.Style.COMPACT;
        };
    }

    /** A fresh delivery id in the form {@link DeliveryIds#fresh} makes, from this thread's generator. */
    static String freshId(Profile profile) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String prefix = profile.id().prefix();
        if (prefix == null || prefix.isEmpty()) {
            return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                    .toString();
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 27; i++) {
            sb.append(ALNUM[r.nextInt(ALNUM.length)]);
        }
        return sb.toString();
    }

    /** One rendered envelope; the attempt counter, where the profile has one, is set per attempt. */
    static final class TreeEnvelope implements Envelope {
        private final ObjectNode tree;
        private final JsonBody.Style style;
        private final String attemptPath;
        private final String eventType;
        private final String eventId;
        private final String deliveryId;
        private byte[] fixed;

        TreeEnvelope(ObjectNode tree, Profile profile, String eventType) {
            this.tree = tree;
            this.style = style(profile);
            String attempt = profile.envelope().attempt();
            this.attemptPath = attempt != null && DottedPath.get(tree, attempt).isPresent() ? attempt : null;
            this.eventType = eventType;
            String idPath = profile.envelope().eventId();
            this.eventId = idPath == null || idPath.isEmpty() ? null : DottedPath.text(tree, idPath).orElse(null);
            Profile.IdSpec id = profile.id();
            if (id.header() == null) {
                this.deliveryId = null;
            } else if (id.from() != null) {
                this.deliveryId = DottedPath.text(tree, id.from()).orElseGet(() -> freshId(profile));
            } else {
                this.deliveryId = freshId(profile);
            }
        }

        @Override
        public String eventType() {
            return eventType;
        }

        @Override
        public String eventId() {
            return eventId;
        }

        @Override
        public String deliveryId() {
            return deliveryId;
        }

        @Override
        public synchronized byte[] body(int attempt) {
            if (attemptPath == null) {
                if (fixed == null) {
                    fixed = JsonBody.toBytes(tree, style);
                }
                return fixed;
            }
            DottedPath.set(tree, attemptPath, IntNode.valueOf(attempt));
            return JsonBody.toBytes(tree, style);
        }
    }

    /**
     * The sample serialised once, in the profile's style and with the edits applied, with a hole wherever a
     * placeholder string stood. A delivery renders only the placeholder strings, all of them and in document order,
     * with the same renderer, their placeholders parsed once ({@link SampleRenderer#compile}: keyed values, the one
     * instant per render and the draws of randomness are exactly those of rendering the whole tree), and splices each
     * value, serialised as the style writes it, into its hole. The bytes are those the whole tree would serialise to;
     * without a Jackson tree, a pattern match or a date formatter per delivery.
     */
    static final class BodyTemplate {
        private final SampleRenderer.Compiled compiled;
        private final String eventType;
        private final byte[][] literals;
        private final int[] holes;
        private final JsonBody.Style style;
        private final Source eventId;
        private final Source deliveryId;
        private final int literalBytes;

        /** Where an id comes from: a hole's value, or fixed text (null: none in the body). */
        private record Source(int hole, String text) {}

        private BodyTemplate(SampleRenderer.Compiled compiled, String eventType, byte[][] literals, int[] holes,
                             JsonBody.Style style, Source eventId, Source deliveryId) {
            this.compiled = compiled;
            this.eventType = eventType;
            this.literals = literals;
            this.holes = holes;
            this.style = style;
            this.eventId = eventId;
            this.deliveryId = deliveryId;
            int n = 0;
            for (byte[] l : literals) {
                n += l.length;
            }
            this.literalBytes = n;
        }

        /** The template, or null where the body changes per attempt or a placeholder's marker is not found once. */
        static BodyTemplate of(ObjectNode template, Profile profile, String eventType,
                              java.util.function.Consumer<ObjectNode> edit, SampleRenderer renderer) {
            String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            ObjectNode placeholders = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            ObjectNode marked = (ObjectNode) mark(template, placeholders, nonce);
            try {
                edit.accept(marked);
            } catch (HooksException e) {
                return null;
            }
            String attempt = profile.envelope().attempt();
            if (attempt != null && DottedPath.get(marked, attempt).isPresent()) {
                return null;
            }
            byte[] bytes = JsonBody.toBytes(marked, style(profile));
            List<byte[]> literals = new java.util.ArrayList<>();
            List<Integer> holes = new java.util.ArrayList<>();
            int from = 0;
            while (true) {
                int at = indexOf(bytes, QUOTED_MARKER_START, from);
                if (at < 0) {
                    break;
                }
                int end = indexOf(bytes, (nonce + "\"").getBytes(StandardCharsets.US_ASCII), at);
                String marker = end < 0 ? "" : new String(bytes, at + 1, end - at - 1, StandardCharsets.US_ASCII);
                int hole = holeOf(marker + nonce, nonce);
                if (hole < 0 || holes.contains(hole)) {
                    return null;
                }
                literals.add(Arrays.copyOfRange(bytes, from, at));
                holes.add(hole);
                from = end + nonce.length() + 1;
            }
            literals.add(Arrays.copyOfRange(bytes, from, bytes.length));
            String idPath = profile.envelope().eventId();
            Source eventId = idPath == null || idPath.isEmpty() ? new Source(-1, null) : source(marked, idPath, nonce);
            Profile.IdSpec id = profile.id();
            Source deliveryId = id.header() == null ? null
                    : id.from() != null ? source(marked, id.from(), nonce) : new Source(-1, null);
            List<String> texts = new java.util.ArrayList<>();
            placeholders.forEach(t -> texts.add(t.textValue()));
            SampleRenderer.Compiled compiled;
            try {
                compiled = renderer.compile(texts);
            } catch (HooksException e) {
                return null;
            }
            return new BodyTemplate(compiled, eventType, literals.toArray(new byte[0][]),
                    holes.stream().mapToInt(Integer::intValue).toArray(), style(profile), eventId, deliveryId);
        }

        private static final byte[] QUOTED_MARKER_START = "\"hooks-hole-".getBytes(StandardCharsets.UTF_8);
        private static final String MARKER = "hooks-hole-";

        /** A copy of {@code node} with each placeholder string replaced by a marker, collected in document order. */
        private static JsonNode mark(JsonNode node, ObjectNode placeholders, String nonce) {
            if (node.isObject()) {
                ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                node.fields().forEachRemaining(e -> out.set(e.getKey(), mark(e.getValue(), placeholders, nonce)));
                return out;
            }
            if (node.isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode out =
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                node.forEach(n -> out.add(mark(n, placeholders, nonce)));
                return out;
            }
            if (node.isTextual() && node.textValue().contains("{{")) {
                int hole = placeholders.size();
                placeholders.put(Integer.toString(hole), node.textValue());
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(MARKER + hole + "-" + nonce);
            }
            return node.deepCopy();
        }

        private static int holeOf(String text, String nonce) {
            if (!text.startsWith(MARKER) || !text.endsWith("-" + nonce)) {
                return -1;
            }
            try {
                return Integer.parseInt(text.substring(MARKER.length(), text.length() - nonce.length() - 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static Source source(ObjectNode marked, String path, String nonce) {
            Optional<JsonNode> node = DottedPath.get(marked, path);
            if (node.isPresent() && node.get().isTextual()) {
                int hole = holeOf(node.get().textValue(), nonce);
                if (hole >= 0) {
                    return new Source(hole, null);
                }
            }
            return new Source(-1, DottedPath.text(marked, path).orElse(null));
        }

        private static int indexOf(byte[] in, byte[] what, int from) {
            outer:
            for (int i = from; i <= in.length - what.length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (in[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        Envelope make(Profile profile) {
            Object[] byHole = compiled.render();
            byte[][] parts = new byte[holes.length][];
            int size = literalBytes;
            for (int i = 0; i < holes.length; i++) {
                parts[i] = json(byHole[holes[i]]);
                size += parts[i].length;
            }
            byte[] body = new byte[size];
            int at = 0;
            for (int i = 0; i < literals.length; i++) {
                System.arraycopy(literals[i], 0, body, at, literals[i].length);
                at += literals[i].length;
                if (i < parts.length) {
                    System.arraycopy(parts[i], 0, body, at, parts[i].length);
                    at += parts[i].length;
                }
            }
            String event = text(eventId, byHole);
            String delivery = deliveryId == null ? null : text(deliveryId, byHole);
            if (deliveryId != null && delivery == null) {
                delivery = freshId(profile);
            }
            return new FixedEnvelope(body, eventType, event, delivery);
        }

        private static String text(Source s, Object[] byHole) {
            return s.hole() >= 0 ? String.valueOf(byHole[s.hole()]) : s.text();
        }

        /** A rendered value as the style writes it: plain ASCII strings and numbers directly, the rest by Jackson. */
        private byte[] json(Object value) {
            if (value instanceof Long n) {
                return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
            }
            String s = (String) value;
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            for (byte c : text) {
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') { // bytes of non-ASCII characters are negative
                    return JsonBody.toBytes(com.fasterxml.jackson.databind.node.TextNode.valueOf(s), style);
                }
            }
            byte[] out = new byte[text.length + 2];
            out[0] = '"';
            System.arraycopy(text, 0, out, 1, text.length);
            out[out.length - 1] = '"';
            return out;
        }
    }
}
