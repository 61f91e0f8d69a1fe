package dev.hooks.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recorded deliveries to play again: the {@code hooks-scenario/1} file that {@code hooks scenario record} and
 * {@code import} write and {@code play} reads, as JSON people read, diff and edit.
 *
 * <pre>{@code
 * {"format": "hooks-scenario/1", "deliveries": [
 *   {"at_ms": 0, "provider": "paismo", "event_type": "employee.created", "event_id": "…", "method": "POST",
 *    "path": "/paismo", "query": null, "headers": {"Content-Type": "application/json"}, "body": "{…}"}]}
 * }</pre>
 *
 * <p>A delivery keeps its body byte for byte ({@code body} as text when it is UTF-8, else {@code body_base64}); an
 * encrypted provider's delivery keeps its plaintext with {@code "encrypted": true}, to be encrypted again under the
 * key given at play. It keeps only the headers {@link ScenarioHeaders} lets through: never a signature, credential,
 * or per-attempt id or timestamp, so a scenario holds no secret. Reading drops such headers too, should a hand-edited
 * file carry one.
 *
 * @param deliveries in the order they were received; {@code at_ms} counts from the first
 */
public record Scenario(List<Delivery> deliveries) {
    /** The value of the {@code format} field of this version of the file. */
    public static final String FORMAT = "hooks-scenario/1";

    /**
     * One delivery of a scenario.
     *
     * @param atMs      milliseconds after the scenario's first delivery (0 or more)
     * @param provider  the provider that sent it, or null when unknown (played unsigned, as recorded)
     * @param eventType the event type, or null
     * @param eventId   the provider's event id, kept when played (a duplicate is then a redelivery), or null
     * @param method    the HTTP method ({@code POST} unless recorded otherwise)
     * @param path      the path it was received on, for reading; play sends to the URL it is given
     * @param query     the query it was received with (without {@code ?}), or null
     * @param headers   the headers kept, in order
     * @param body      the body exactly as received (the plaintext when {@code encrypted})
     * @param encrypted whether the provider encrypted it: {@code body} is the plaintext, encrypted again at play
     */
    public record Delivery(long atMs, String provider, String eventType, String eventId, String method, String path,
                           String query, List<Header> headers, byte[] body, boolean encrypted) {
        public Delivery {
            if (atMs < 0) {
                throw new IllegalArgumentException("at_ms " + atMs + " is negative");
            }
            method = method == null || method.isBlank() ? "POST" : method;
            headers = List.copyOf(headers == null ? List.of() : headers);
            body = body == null ? new byte[0] : body;
        }

        /** The same delivery at another time. */
        public Delivery at(long ms) {
            return new Delivery(ms, provider, eventType, eventId, method, path, query, headers, body, encrypted);
        }

        /** The first value of a header by case-insensitive name, or null. */
        public String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Delivery d && atMs == d.atMs && encrypted == d.encrypted
                    && Objects.equals(provider, d.provider) && Objects.equals(eventType, d.eventType)
                    && Objects.equals(eventId, d.eventId) && method.equals(d.method) && Objects.equals(path, d.path)
                    && Objects.equals(query, d.query) && headers.equals(d.headers) && java.util.Arrays.equals(body, d.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(atMs, provider, eventType, eventId, method, path, query, headers,
                    java.util.Arrays.hashCode(body), encrypted);
        }

        @Override
        public String toString() {
            return "+" + atMs + "ms " + provider + " " + eventType + " " + eventId + " (" + body.length + " bytes)";
        }
    }

    /** One header line as it will be sent. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
        }
    }

    public Scenario {
        deliveries = List.copyOf(deliveries);
    }

    /**
     * Reads a scenario file.
     *
     * @throws HooksException (input) naming the file and what is wrong: unreadable, not JSON, another format, a
     *                        delivery without a body
     */
    public static Scenario load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw HooksException.input("cannot read the scenario " + file + ": no such file");
        } catch (IOException e) {
            throw HooksException.input("cannot read the scenario " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    /** Reads a scenario from its JSON; {@code source} names it in errors. */
    public static Scenario parse(byte[] json, String source) {
        JsonNode root = JsonBody.parse(json, source);
        String format = root.path("format").asText(null);
        if (!FORMAT.equals(format)) {
            throw HooksException.input(source + ": not a scenario: \"format\" is " + (format == null ? "missing"
                    : "'" + format + "'") + ", expected '" + FORMAT + "'");
        }
        JsonNode list = root.get("deliveries");
        if (list == null || !list.isArray()) {
            throw HooksException.input(source + ": \"deliveries\" must be an array");
        }
        List<Delivery> out = new ArrayList<>();
        int i = 0;
        for (JsonNode d : list) {
            i++;
            String where = source + ": delivery " + i;
            if (!d.isObject()) {
                throw HooksException.input(where + " is not an object");
            }
            byte[] body;
            if (d.hasNonNull("body_base64")) {
                try {
                    body = Base64.getDecoder().decode(d.get("body_base64").asText());
                } catch (IllegalArgumentException e) {
                    throw HooksException.input(where + ": body_base64 is not base64");
                }
            } else if (d.hasNonNull("body")) {
                if (!d.get("body").isTextual()) {
                    throw HooksException.input(where + ": body must be a string (the body's text exactly as received)");
                }
                body = d.get("body").asText().getBytes(StandardCharsets.UTF_8);
            } else {
                throw HooksException.input(where + " has neither body nor body_base64");
            }
            long at = d.path("at_ms").asLong(0);
            if (at < 0) {
                throw HooksException.input(where + ": at_ms " + at + " is negative");
            }
            String provider = text(d, "provider");
            out.add(new Delivery(at, provider, text(d, "event_type"), text(d, "event_id"), text(d, "method"),
                    text(d, "path"), text(d, "query"), ScenarioHeaders.kept(provider, headers(d.get("headers"), where)),
                    body, d.path("encrypted").asBoolean(false)));
        }
        return new Scenario(out);
    }

    /** Writes this scenario to {@code file}, replacing it. */
    public void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.write(file, toJson());
        } catch (IOException e) {
            throw HooksException.input("cannot write the scenario " + file + ": " + e.getMessage());
        }
    }

    /** The file's bytes: indented JSON, one field per line, ending in a newline. */
    public byte[] toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("deliveries");
        for (Delivery d : deliveries) {
            ObjectNode o = list.addObject();
            o.put("at_ms", d.atMs());
            o.put("provider", d.provider());
            o.put("event_type", d.eventType());
            o.put("event_id", d.eventId());
            o.put("method", d.method());
            o.put("path", d.path());
            o.put("query", d.query());
            ObjectNode h = o.putObject("headers");
            for (Header header : ScenarioHeaders.kept(d.provider(), d.headers())) {
                JsonNode had = h.get(header.name());
                h.put(header.name(), had == null ? header.value() : had.asText() + ", " + header.value());
            }
            if (d.encrypted()) {
                o.put("encrypted", true);
            }
            String text = utf8(d.body());
            if (text != null) {
                o.put("body", text);
            } else {
                o.put("body_base64", Base64.getEncoder().encodeToString(d.body()));
            }
        }
        byte[] json = JsonBody.toBytes(root, JsonBody.Style.PRETTY);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Headers as an object ({@code {"Name": "value"}}) or as {@code [name, value]} pairs. */
    private static List<Header> headers(JsonNode n, String where) {
        List<Header> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Header(e.getKey(), e.getValue().asText()));
            }
        } else if (n.isArray()) {
            for (JsonNode pair : n) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw HooksException.input(where + ": headers must be an object or a list of [name, value] pairs");
                }
                out.add(new Header(pair.get(0).asText(), pair.get(1).asText()));
            }
        } else {
            throw HooksException.input(where + ": headers must be an object or a list of [name, value] pairs");
        }
        return out;
    }
}
