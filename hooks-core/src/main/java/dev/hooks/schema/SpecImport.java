package dev.hooks.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hooks.HooksException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A provider profile from a published description of webhooks: an OpenAPI 3.1 document's {@code webhooks}, or an
 * AsyncAPI 2.6 or 3.0 document's messages. Each event gets its name, a self-contained JSON Schema (local
 * {@code $ref}s gathered under {@code $defs}), and a sample from the spec's examples, or made from the schema where
 * it has none. Specs do not describe signatures, so the signature, id and timestamp come from a built-in profile
 * (the scheme). Where the bodies carry no field that names the event, the event type travels in a header.
 */
public final class SpecImport {
    /** The header that names the event when the bodies do not. */
    public static final String EVENT_HEADER = "X-Webhook-Event";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

    /** One event of the spec. */
    public record Event(String name, String description, ObjectNode schema, JsonNode sample, boolean sampleFromSpec) {}

    /** What an import found: the spec's kind ({@code OpenAPI 3.1.0}, {@code AsyncAPI 2.6.0}), its title, its events. */
    public record Spec(String kind, String title, List<Event> events) {}

    private final JsonNode root;
    private final String source;

    private SpecImport(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** Reads a spec in JSON or YAML. */
    public static Spec read(byte[] bytes, String source) {
        JsonNode root;
        String text = new String(bytes, StandardCharsets.UTF_8).stripLeading();
        try {
            root = text.startsWith("{") ? JSON.readTree(bytes) : YAML.readTree(bytes);
        } catch (IOException e) {
            throw HooksException.input(source + ": neither JSON nor YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw HooksException.input(source + ": not an OpenAPI or AsyncAPI document (expected an object)");
        }
        return new SpecImport(root, source).spec();
    }

    private Spec spec() {
        String title = root.path("info").path("title").asText("");
        if (root.has("openapi")) {
            String v = root.get("openapi").asText();
            if (!v.startsWith("3.1")) {
                throw HooksException.input(source + ": OpenAPI " + v + " has no webhooks section: import reads "
                        + "OpenAPI 3.1 (webhooks) or AsyncAPI 2.6 / 3.0");
            }
            if (!root.path("webhooks").isObject() || root.get("webhooks").isEmpty()) {
                throw HooksException.input(source + ": this OpenAPI document has no webhooks");
            }
            return new Spec("OpenAPI " + v, title, openApi());
        }
        if (root.has("asyncapi")) {
            String v = root.get("asyncapi").asText();
            List<Event> events = v.startsWith("3.") ? asyncApi3() : v.startsWith("2.") ? asyncApi2() : null;
            if (events == null) {
                throw HooksException.input(source + ": AsyncAPI " + v + " is not 2.x or 3.x");
            }
            if (events.isEmpty()) {
                throw HooksException.input(source + ": this AsyncAPI document has no messages with a payload");
            }
            return new Spec("AsyncAPI " + v, title, events);
        }
        throw HooksException.input(source + ": not an OpenAPI 3.1 or AsyncAPI document (no 'openapi' or 'asyncapi' field)");
    }

    // ---- OpenAPI 3.1 -------------------------------------------------------------------------------------

    private List<Event> openApi() {
        List<Event> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.get("webhooks").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> hook = it.next();
            JsonNode item = deref(hook.getValue());
            for (String method : List.of("post", "put", "patch")) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                JsonNode body = deref(op.path("requestBody"));
                JsonNode media = json(body.path("content"));
                if (media == null || !media.has("schema")) {
                    continue;
                }
                List<JsonNode> examples = new ArrayList<>();
                if (media.has("example")) {
                    examples.add(media.get("example"));
                }
                media.path("examples").forEach(e -> {
                    JsonNode d = deref(e);
                    if (d.has("value")) {
                        examples.add(d.get("value"));
                    }
                });
                String description = op.path("summary").asText(op.path("description").asText(""));
                out.add(event(hook.getKey(), description, media.get("schema"), examples));
                break;
            }
        }
        return out;
    }

    private static JsonNode json(JsonNode content) {
        if (content.has("application/json")) {
            return content.get("application/json");
        }
        Iterator<Map.Entry<String, JsonNode>> it = content.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().contains("json")) {
                return e.getValue();
            }
        }
        return null;
    }

    // ---- AsyncAPI ----------------------------------------------------------------------------------------

    private List<Event> asyncApi2() {
        List<Event> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("channels").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> channel = it.next();
            for (String action : List.of("subscribe", "publish")) {
                JsonNode op = channel.getValue().get(action);
                if (op == null || !op.has("message")) {
                    continue;
                }
                JsonNode message = deref(op.get("message"));
                List<JsonNode> messages = new ArrayList<>();
                if (message.has("oneOf")) {
                    message.get("oneOf").forEach(m -> messages.add(deref(m)));
                } else {
                    messages.add(message);
                }
                for (JsonNode m : messages) {
                    message(out, m, messages.size() == 1 ? channel.getKey() : null);
                }
            }
        }
        return out;
    }

    private List<Event> asyncApi3() {
        List<Event> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> channels = root.path("channels").fields();
        while (channels.hasNext()) {
            Map.Entry<String, JsonNode> channel = channels.next();
            JsonNode ch = deref(channel.getValue());
            Iterator<Map.Entry<String, JsonNode>> msgs = ch.path("messages").fields();
            while (msgs.hasNext()) {
                Map.Entry<String, JsonNode> m = msgs.next();
                JsonNode msg = deref(m.getValue());
                message(out, msg, msg.has("name") ? null : m.getKey());
            }
        }
        return out;
    }

    private void message(List<Event> out, JsonNode m, String fallbackName) {
        if (!m.has("payload")) {
            return;
        }
        String name = m.has("name") ? m.get("name").asText() : m.has("messageId") ? m.get("messageId").asText()
                : fallbackName != null ? fallbackName : m.path("title").asText(null);
        if (name == null || out.stream().anyMatch(e -> e.name().equals(name))) {
            return;
        }
        JsonNode payload = deref(m.get("payload"));
        if (payload.has("schema") && payload.has("schemaFormat")) { // AsyncAPI 3's multi-format schema object
            payload = payload.get("schema");
        }
        List<JsonNode> examples = new ArrayList<>();
        m.path("examples").forEach(e -> {
            if (e.has("payload")) {
                examples.add(e.get("payload"));
            }
        });
        out.add(event(name, m.path("summary").asText(m.path("description").asText("")), payload, examples));
    }

    // ---- schemas and samples -----------------------------------------------------------------------------

    private Event event(String name, String description, JsonNode schemaNode, List<JsonNode> examples) {
        if (!EVENT.matcher(name).matches()) {
            throw HooksException.input(source + ": event name '" + name + "' cannot be a file name "
                    + "(letters, digits, '.', '_', ':', '/', '-')");
        }
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        JsonNode body = bundle(schemaNode);
        if (body.isObject()) {
            schema.setAll((ObjectNode) body);
        }
        ObjectNode defs = NODES.objectNode();
        Deque<String> todo = new ArrayDeque<>(refs(body));
        Set<String> done = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String ref = todo.pop();
            if (!done.add(ref)) {
                continue;
            }
            JsonNode target = bundle(pointer(ref));
            defs.set(defName(ref), target);
            todo.addAll(refs(target));
        }
        if (!defs.isEmpty()) {
            schema.set("$defs", defs);
        }
        JsonNode sample = examples.isEmpty() ? new SampleMaker(schema).make() : examples.get(0);
        return new Event(name, description, schema, sample, !examples.isEmpty());
    }

    /** A copy of the schema with every local {@code $ref} pointing into {@code $defs}. */
    private JsonNode bundle(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual() && e.getValue().asText().startsWith("#/")) {
                    copy.put("$ref", "#/$defs/" + defName(e.getValue().asText()));
                } else if (e.getKey().equals("nullable") && e.getValue().asBoolean() && node.has("type")) {
                    continue; // OpenAPI 3.0's nullable, handled with type below
                } else if (e.getKey().equals("type") && node.path("nullable").asBoolean()) {
                    ArrayNode types = NODES.arrayNode().add(e.getValue().asText()).add("null");
                    copy.set("type", types);
                } else {
                    copy.set(e.getKey(), bundle(e.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(n -> copy.add(bundle(n)));
            return copy;
        }
        return node;
    }

    private static List<String> refs(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/$defs/")) {
                out.add(ref.asText().substring("#/$defs/".length()));
            }
            node.forEach(n -> collect(n, out));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    /** {@code #/components/schemas/Pet} becomes {@code components.schemas.Pet} under {@code $defs}. */
    private static String defName(String ref) {
        String p = ref.startsWith("#/") ? ref.substring(2) : ref;
        return p.replace("/", ".").replace("~1", "_").replace("~0", "_");
    }

    private JsonNode pointer(String defName) {
        // defName is a dotted pointer; find the node by walking the original document
        JsonNode n = root;
        for (String part : defName.split("\\.")) {
            n = n.path(part);
        }
        if (n.isMissingNode()) {
            throw HooksException.input(source + ": $ref #/" + defName.replace(".", "/") + " points at nothing");
        }
        return n;
    }

    /** The node a local {@code $ref} points at (followed until it is not a reference), or the node itself. */
    private JsonNode deref(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref") && node.get("$ref").asText().startsWith("#/") && hops++ < 20) {
            node = root.at(node.get("$ref").asText().substring(1));
        }
        return node == null ? NODES.missingNode() : node;
    }

    // ---- writing ------------------------------------------------------------------------------------------

    /**
     * Writes the profile {@code DIR/NAME.json}, the schemas {@code DIR/schemas/NAME/EVENT.json} and the samples
     * {@code DIR/NAME/} (an index and one file per event), from the scheme's built-in profile. Returns the files.
     */
    public static List<Path> write(Spec spec, String name, String scheme, Path dir) {
        if (!NAME.matcher(name).matches()) {
            throw HooksException.input("--name '" + name + "' must be lowercase letters, digits, '.', '_' or '-'");
        }
        ObjectNode base;
        try (InputStream in = SpecImport.class.getResourceAsStream("/dev/hooks/providers/" + scheme + ".json")) {
            if (in == null || !NAME.matcher(scheme).matches()) {
                throw HooksException.input("--scheme '" + scheme + "' is not a built-in provider whose signature to use "
                        + "(such as standard-webhooks, svix, stripe, github)");
            }
            base = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in profile " + scheme, e);
        }
        String typeField = typeField(spec.events());
        ObjectNode profile = NODES.objectNode();
        profile.put("name", name);
        profile.put("description", (spec.title().isBlank() ? name : spec.title()) + " (imported from " + spec.kind()
                + "; signed as " + scheme + ")");
        for (String field : List.of("detect", "headers", "id", "timestamp", "signature", "handshake", "auth", "delivery")) {
            if (base.has(field) && !(field.equals("handshake"))) {
                profile.set(field, base.get(field));
            }
        }
        profile.set("handshake", NODES.objectNode().put("kind", "none"));
        ObjectNode envelope = NODES.objectNode().put("format", "compact").put("data", "");
        if (typeField != null) {
            envelope.put("eventType", typeField);
        } else {
            envelope.put("eventTypeHeader", EVENT_HEADER);
        }
        profile.set("envelope", envelope);
        ObjectNode schemas = profile.putObject("schemas");
        ObjectNode index = NODES.objectNode().put("description", profile.get("description").asText()).put("data", "");
        if (typeField != null) {
            index.put("type", typeField);
        }
        ObjectNode events = index.putObject("events");
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir.resolve("schemas").resolve(name));
            Files.createDirectories(dir.resolve(name));
            for (Event e : spec.events()) {
                String file = e.name().replace("/", "_").replace(":", "_") + ".json";
                schemas.put(e.name(), "schemas/" + name + "/" + file);
                written.add(writeJson(dir.resolve("schemas").resolve(name).resolve(file), e.schema()));
                written.add(writeJson(dir.resolve(name).resolve(file), e.sample()));
                ObjectNode entry = events.putObject(e.name()).put("file", file);
                entry.put("description", e.description().isBlank() ? (e.sampleFromSpec() ? "from the spec's example"
                        : "made from the schema (the spec has no example)") : firstLine(e.description()));
            }
            written.add(writeJson(dir.resolve(name).resolve("index.json"), index));
            profile.put("samples", name);
            written.add(0, writeJson(dir.resolve(name + ".json"), profile));
        } catch (IOException e) {
            throw HooksException.input("cannot write to " + dir + ": " + e.getMessage());
        }
        return written;
    }

    /** A top-level property every event's schema fixes to the event's own name (a const or one-value enum), or null. */
    static String typeField(List<Event> events) {
        String found = null;
        for (Event e : events) {
            String field = null;
            Iterator<Map.Entry<String, JsonNode>> it = e.schema().path("properties").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode v = p.getValue();
                String fixed = v.has("const") ? v.get("const").asText(null)
                        : v.path("enum").size() == 1 ? v.get("enum").get(0).asText(null) : null;
                if (e.name().equals(fixed)) {
                    field = p.getKey();
                }
            }
            if (field == null || found != null && !found.equals(field)) {
                return null;
            }
            found = field;
        }
        return found;
    }

    private static Path writeJson(Path file, JsonNode node) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(node) + "\n");
        return file;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** A body that a schema accepts, for events whose spec has no example: required fields, simple values. */
    static final class SampleMaker {
        private final ObjectNode schema;
        private int depth;

        SampleMaker(ObjectNode schema) {
            this.schema = schema;
        }

        JsonNode make() {
            return make(schema);
        }

        private JsonNode make(JsonNode s) {
            if (depth > 12) {
                return NODES.nullNode();
            }
            depth++;
            try {
                return value(s);
            } finally {
                depth--;
            }
        }

        private JsonNode value(JsonNode s) {
            if (s.has("$ref")) {
                String ref = s.get("$ref").asText();
                return ref.startsWith("#/") ? make(schema.at(ref.substring(1))) : NODES.nullNode();
            }
            if (s.has("const")) {
                return s.get("const");
            }
            if (s.has("default")) {
                return s.get("default");
            }
            if (s.has("examples") && s.get("examples").isArray() && !s.get("examples").isEmpty()) {
                return s.get("examples").get(0);
            }
            if (s.has("example")) {
                return s.get("example");
            }
            if (s.has("enum") && !s.get("enum").isEmpty()) {
                return s.get("enum").get(0);
            }
            for (String k : List.of("oneOf", "anyOf")) {
                if (s.has(k) && !s.get(k).isEmpty()) {
                    return make(s.get(k).get(0));
                }
            }
            if (s.has("allOf")) {
                ObjectNode merged = NODES.objectNode();
                for (JsonNode part : s.get("allOf")) {
                    JsonNode v = make(part);
                    if (v.isObject()) {
                        merged.setAll((ObjectNode) v);
                    }
                }
                if (s.has("properties")) {
                    JsonNode own = object(s);
                    merged.setAll((ObjectNode) own);
                }
                return merged;
            }
            String type = type(s);
            switch (type) {
                case "object":
                    return object(s);
                case "array": {
                    ArrayNode a = NODES.arrayNode();
                    int min = s.path("minItems").asInt(s.has("items") ? 1 : 0);
                    for (int i = 0; i < Math.max(min, s.has("items") ? 1 : 0); i++) {
                        a.add(make(s.path("items")));
                    }
                    return a;
                }
                case "integer":
                    return NODES.numberNode(s.has("minimum") ? s.get("minimum").asLong() : 1);
                case "number":
                    return NODES.numberNode(s.has("minimum") ? s.get("minimum").asDouble() : 1.5);
                case "boolean":
                    return NODES.booleanNode(true);
                case "null":
                    return NODES.nullNode();
                case "string":
                    return NODES.textNode(string(s));
                default:
                    return NODES.objectNode();
            }
        }

        private ObjectNode object(JsonNode s) {
            ObjectNode o = NODES.objectNode();
            Set<String> required = new LinkedHashSet<>();
            s.path("required").forEach(r -> required.add(r.asText()));
            Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                o.set(p.getKey(), make(p.getValue()));
            }
            for (String r : required) {
                if (!o.has(r)) {
                    o.put(r, "value");
                }
            }
            return o;
        }

        private static String type(JsonNode s) {
            JsonNode t = s.get("type");
            if (t == null) {
                return s.has("properties") ? "object" : s.has("items") ? "array" : "any";
            }
            if (t.isArray()) {
                for (JsonNode one : t) {
                    if (!one.asText().equals("null")) {
                        return one.asText();
                    }
                }
                return "null";
            }
            return t.asText();
        }

        private static String string(JsonNode s) {
            String v = switch (s.path("format").asText("")) {
                case "date-time" -> "2026-01-01T00:00:00Z";
                case "date" -> "2026-01-01";
                case "time" -> "00:00:00Z";
                case "email" -> "someone@example.com";
                case "uri", "url", "uri-reference", "iri" -> "https://example.com/";
                case "uuid" -> "00000000-0000-4000-8000-000000000000";
                case "ipv4" -> "192.0.2.1";
                case "ipv6" -> "2001:db8::1";
                case "hostname" -> "example.com";
                default -> "string";
            };
            int min = s.path("minLength").asInt(0);
            StringBuilder sb = new StringBuilder(v);
            while (sb.length() < min) {
                sb.append('x');
            }
            return sb.toString();
        }
    }
}
