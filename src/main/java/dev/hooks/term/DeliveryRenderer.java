package dev.hooks.term;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders recorded requests for people (one coloured line, then optional detail) and for scripts (one JSON object
 * per line with stable field names). {@code hooks listen} and {@code hooks events} both render through here, so a
 * delivery looks the same live and from the history.
 *
 * <p>JSON fields, always present (null when unknown): {@code id}, {@code seq}, {@code received_at}, {@code kind},
 * {@code provider}, {@code method}, {@code path}, {@code event_type}, {@code event_id}, {@code verified},
 * {@code reason}, {@code duplicate}, {@code status}, {@code latency_ms}, {@code body_bytes}, {@code decrypted},
 * {@code forwarded_to}, {@code forward_status}, {@code forward_error}. Live extras: {@code stored},
 * {@code simulated}. With detail: {@code query}, {@code headers} ([name, value] pairs), {@code body} (text) or
 * {@code body_base64}, {@code plaintext}, {@code verification}, {@code response_headers}, {@code response_body}.
 */
public final class DeliveryRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final int SHOWN_BODY = 64 * 1024;

    private final Ansi ansi;

    public DeliveryRenderer(Ansi ansi) {
        this.ansi = ansi;
    }

    /** Live facts a stored record does not carry. */
    public record Live(long latencyMicros, boolean stored, String storeError, boolean simulated) {}

    /**
     * One line: time, provider, event type, event id, verification and reason, status, latency, and flags
     * (duplicate, forwarded, simulated failure, not stored).
     */
    public String line(StoredDelivery d, Live live) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(ansi.dim(TIME.format(d.receivedAt()))).append("  ");
        sb.append(pad(clean(d.provider() == null ? "-" : d.provider()), 10)).append(' ');
        String type = d.eventType() != null ? d.eventType()
                : d.kind().equals(StoredDelivery.DELIVERY) ? d.method() + " " + d.path() : d.kind();
        sb.append(ansi.bold(pad(clean(type), 26))).append(' ');
        sb.append(ansi.dim(pad(clean(d.eventId() == null ? "-" : d.eventId()), 20))).append(' ');
        String word = d.kind().equals(StoredDelivery.HANDSHAKE) ? "handshake"
                : d.verified() != null ? (d.verified() ? "valid" : "invalid")
                : d.provider() != null && d.kind().equals(StoredDelivery.DELIVERY) && d.status() < 300 ? "unsigned" : "-";
        String colouredWord = d.verified() == null ? ansi.cyan(pad(word, 9))
                : d.verified() ? ansi.green(pad(word, 9)) : ansi.red(pad(word, 9));
        sb.append(colouredWord).append(' ');
        String status = Integer.toString(d.status());
        sb.append(d.status() >= 200 && d.status() < 300 ? ansi.green(status) : d.status() >= 400 ? ansi.red(status)
                : ansi.yellow(status));
        long micros = live != null ? live.latencyMicros() : d.latencyMicros();
        sb.append("  ").append(latency(micros));
        if (d.duplicate()) {
            sb.append("  ").append(ansi.yellow("duplicate"));
        }
        if (live != null && live.simulated()) {
            sb.append("  ").append(ansi.yellow("simulated"));
        }
        if (d.forwardedTo() != null) {
            sb.append("  -> ").append(d.forwardedTo()).append(' ')
                    .append(d.forwardStatus() != null ? d.forwardStatus().toString() : ansi.red("failed"));
        }
        if (d.reason() != null) {
            String reason = clean(d.reason());
            sb.append("  ").append(d.verified() != null && !d.verified() || d.status() >= 400
                    ? ansi.red(reason) : reason);
        }
        if (live != null && !live.stored() && live.storeError() != null) {
            sb.append("  ").append(ansi.red("NOT STORED: " + live.storeError()));
        }
        return sb.toString();
    }

    /** The lines under a delivery: headers and the pretty body with {@code verbose}; the plaintext of a decrypted body always. */
    public List<String> detail(StoredDelivery d, boolean verbose) {
        List<String> out = new ArrayList<>();
        if (verbose) {
            out.add(ansi.dim(clean("  " + d.method() + " " + d.path() + (d.query() == null ? "" : "?" + d.query()))));
            for (Header h : d.headers()) {
                out.add("  " + ansi.cyan(clean(h.name())) + ": " + clean(h.value()));
            }
            if (d.bodyLength() > 0) {
                out.add("");
                indent(out, pretty(d.body()));
            }
        }
        if (d.decrypted() != null) {
            out.add(ansi.dim("  decrypted:"));
            indent(out, pretty(d.decrypted()));
        }
        if (verbose && d.forwardedTo() != null) {
            out.add(ansi.dim("  app answered " + (d.forwardStatus() == null ? "nothing: " + d.forwardError()
                    : d.forwardStatus() + ":")));
            if (d.forwardStatus() != null && d.responseBody().length > 0) {
                indent(out, pretty(d.responseBody()));
            }
        }
        if (verbose && !out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    /** The full text view of one stored delivery ({@code hooks events show}). */
    public List<String> show(StoredDelivery d) {
        List<String> out = new ArrayList<>();
        out.add(line(d, null));
        out.add("");
        out.add(ansi.bold("id") + "          " + d.id() + " (seq " + d.seq() + ")");
        out.add(ansi.bold("received") + "    " + d.receivedAt());
        out.add(ansi.bold("request") + "     " + clean(d.method() + " " + d.path() + (d.query() == null ? "" : "?" + d.query())));
        if (d.verification() != null) {
            out.add(ansi.bold("signature") + "   " + d.verification());
        }
        out.add("");
        out.add(ansi.bold("headers"));
        for (Header h : d.headers()) {
            out.add("  " + ansi.cyan(clean(h.name())) + ": " + clean(h.value()));
        }
        out.add("");
        out.add(ansi.bold("body") + " (" + d.bodyLength() + " bytes)");
        indent(out, pretty(d.body()));
        if (d.decrypted() != null) {
            out.add("");
            out.add(ansi.bold("decrypted"));
            indent(out, pretty(d.decrypted()));
        }
        out.add("");
        out.add(ansi.bold("answer") + "      " + d.status());
        for (Header h : d.responseHeaders()) {
            out.add("  " + ansi.cyan(clean(h.name())) + ": " + clean(h.value()));
        }
        if (d.responseBody().length > 0) {
            indent(out, pretty(d.responseBody()));
        }
        if (d.forwardedTo() != null) {
            out.add("");
            out.add(ansi.bold("forwarded") + "   " + d.forwardedTo() + " -> "
                    + (d.forwardStatus() != null ? d.forwardStatus() : "failed: " + d.forwardError()));
        }
        return out;
    }

    /** The summary fields as a map (see the class comment), with the detail fields when {@code detail}. */
    public static Map<String, Object> fields(StoredDelivery d, Live live, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("seq", d.seq() == 0 ? null : d.seq());
        m.put("received_at", d.receivedAt().toString());
        m.put("kind", d.kind());
        m.put("provider", d.provider());
        m.put("method", d.method());
        m.put("path", d.path());
        m.put("event_type", d.eventType());
        m.put("event_id", d.eventId());
        m.put("verified", d.verified());
        m.put("reason", d.reason());
        m.put("duplicate", d.duplicate());
        m.put("status", d.status());
        long micros = live != null ? live.latencyMicros() : d.latencyMicros();
        m.put("latency_ms", Math.round(micros / 10.0) / 100.0);
        m.put("body_bytes", d.bodyLength());
        m.put("decrypted", d.decrypted() != null);
        m.put("forwarded_to", d.forwardedTo());
        m.put("forward_status", d.forwardStatus());
        m.put("forward_error", d.forwardError());
        if (live != null) {
            m.put("stored", live.stored());
            m.put("simulated", live.simulated());
        }
        if (detail) {
            m.put("query", d.query());
            m.put("headers", pairs(d.headers()));
            putBody(m, "body", d.body());
            if (d.decrypted() != null) {
                putBody(m, "plaintext", d.decrypted());
            }
            m.put("verification", parseOrText(d.verification()));
            m.put("response_headers", pairs(d.responseHeaders()));
            putBody(m, "response_body", d.responseBody());
            m.put("replay_of", d.replayOf());
        } else if (d.decrypted() != null) {
            putBody(m, "plaintext", d.decrypted());
        }
        return m;
    }

    /** One compact JSON object on one line. */
    public static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One indented JSON document. */
    public static String prettyJson(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> pairs(List<Header> headers) {
        List<List<String>> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(List.of(h.name(), h.value()));
        }
        return out;
    }

    private static void putBody(Map<String, Object> m, String name, byte[] bytes) {
        String text = utf8(bytes);
        if (text != null) {
            m.put(name, text);
        } else {
            m.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static Object parseOrText(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
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

    /** Pretty JSON when the bytes are JSON, the text when UTF-8, else a note with the size. */
    static String pretty(byte[] bytes) {
        if (bytes.length == 0) {
            return "(empty)";
        }
        String text = utf8(bytes);
        if (text == null) {
            return "(" + bytes.length + " bytes, not UTF-8 text)";
        }
        if (bytes.length <= SHOWN_BODY) {
            try {
                JsonNode n = JSON.readTree(bytes);
                if (n != null && (n.isObject() || n.isArray())) {
                    return PRETTY.writeValueAsString(n);
                }
            } catch (java.io.IOException e) {
                // not JSON: shown as text
            }
        }
        return text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "\n…(" + text.length() + " chars)" : text;
    }

    private static void indent(List<String> out, String text) {
        for (String l : text.split("\r?\n", -1)) {
            out.add("    " + clean(l));
        }
    }

    /** Text from the network, made safe for a terminal: control characters become visible escapes. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(String.format("\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }

    static String latency(long micros) {
        if (micros < 1000) {
            return micros + "µs";
        }
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
        }
        return (micros / 1000) + "ms";
    }
}
