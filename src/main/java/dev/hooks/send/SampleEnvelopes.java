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
import java.util.List;
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

    /**
     * @param data the replacement data part, or null
     * @param noPayload leave out {@code envelope.payload}; an error for profiles without one
     */
    public SampleEnvelopes(Profile profile, SampleCatalog catalog, SampleEvent event, SampleRenderer renderer,
                           JsonNode data, List<String> sets, boolean noPayload) {
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
    }

    @Override
    public Envelope next(long n) {
        return n == 1 ? first : make();
    }

    private Envelope make() {
        ObjectNode tree;
        try {
            tree = renderer.render(template);
        } catch (HooksException e) {
            throw HooksException.input("sample " + event.folder() + "/" + event.file() + ": " + e.getMessage());
        }
        if (data != null) {
            SampleRenderer.replaceData(tree, event.dataPath(), data);
        }
        SampleRenderer.setAll(tree, sets);
        if (noPayload) {
            remove(tree, profile.envelope().payload());
        }
        return new TreeEnvelope(tree, profile, event.eventType());
    }

    private static void remove(ObjectNode tree, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? tree : DottedPath.get(tree, path.substring(0, dot)).orElse(null);
        if (parent instanceof ObjectNode o) {
            o.remove(dot < 0 ? path : path.substring(dot + 1));
        }
    }

    /** Serialisation style of a profile's {@code envelope.format}. */
    static JsonBody.Style style(Profile profile) {
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
}
