package dev.hooks.term;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hooks.store.DeliveryFields;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.SchemaReport;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders recorded requests for people (one coloured line, then optional detail) and for scripts (one JSON object
 * per line with stable field names). {@code hooks listen} and {@code hooks events} both render through here, so a
 * delivery looks the same live and from the history.
 *
 * <p>JSON fields: the summary of {@link DeliveryFields} (always present, null when unknown, but for {@code listener},
 * present only in a history that records it); live, then
 * {@code stored} and {@code simulated}; then with detail the detail fields of {@link DeliveryFields}, without it
 * {@code plaintext} when the body was decrypted.
 */
public final class DeliveryRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final int SHOWN_BODY = 64 * 1024;
    /** The provider column: the longest built-in name (standard-webhooks); longer names are cut with an ellipsis. */
    static final int PROVIDER_WIDTH = 17;
    /** The event type column; longer types keep their start and end around an ellipsis. */
    static final int TYPE_WIDTH = 26;
    /** The event id column's least width; ids are never cut, so a longer one moves the columns after it. */
    static final int EVENT_ID_WIDTH = 20;
    /** The listener column's greatest width; longer names are cut with an ellipsis. */
    static final int LISTENER_WIDTH = 24;

    private final Ansi ansi;

    public DeliveryRenderer(Ansi ansi) {
        this.ansi = ansi;
    }

    /**
     * The header row of {@link #line(String, int, StoredDelivery)} lines: the ID column {@code idWidth} wide, then a
     * LISTENER column {@code listenerWidth} wide, none when it is 0.
     */
    public String header(int idWidth, int listenerWidth) {
        return ansi.dim(pad("ID", idWidth) + "  " + (listenerWidth > 0 ? pad("LISTENER", listenerWidth) + "  " : "")
                + pad("TIME", 12) + "  " + pad("PROVIDER", PROVIDER_WIDTH) + " "
                + pad("EVENT", TYPE_WIDTH) + " " + pad("EVENT ID", EVENT_ID_WIDTH) + " " + pad("RESULT", 9) + " "
                + "CODE LATENCY");
    }

    /**
     * A line from the history: the delivery's short id, the name of the listener that received it in a column
     * {@code listenerWidth} wide (none when it is 0; {@code -} for a row without a name), then
     * {@link #line(StoredDelivery, Live)}.
     */
    public String line(String shortId, int listenerWidth, StoredDelivery d) {
        String listener = listenerWidth == 0 ? ""
                : pad(cutEnd(clean(d.listener() == null ? "-" : d.listener()), listenerWidth), listenerWidth) + "  ";
        return ansi.bold(shortId) + "  " + listener + line(d, null);
    }

    /**
     * The width of the LISTENER column for these rows: their longest listener name (at most
     * {@value #LISTENER_WIDTH}, longer names are cut with an ellipsis), 0 when none has one (an SQLite history), so
     * that the column is left out.
     */
    public static int listenerWidth(List<StoredDelivery> rows) {
        int widest = 0;
        for (StoredDelivery d : rows) {
            if (d.listener() != null) {
                widest = Math.max(widest, Math.max("LISTENER".length(), d.listener().length()));
            }
        }
        return Math.min(widest, LISTENER_WIDTH);
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
        sb.append(pad(cutEnd(clean(d.provider() == null ? "-" : d.provider()), PROVIDER_WIDTH), PROVIDER_WIDTH)).append(' ');
        String type = d.eventType() != null ? d.eventType()
                : d.kind().equals(StoredDelivery.DELIVERY) ? d.method() + " " + d.path() : d.kind();
        sb.append(ansi.bold(pad(cutMiddle(clean(type), TYPE_WIDTH), TYPE_WIDTH))).append(' ');
        sb.append(ansi.dim(pad(clean(d.eventId() == null ? "-" : d.eventId()), EVENT_ID_WIDTH))).append(' ');
        String word = d.kind().equals(StoredDelivery.HANDSHAKE) ? "handshake"
                : filtered(d) ? "filtered"
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
        List<String> schemaErrors = SchemaReport.lines(d);
        if (!schemaErrors.isEmpty()) {
            sb.append("  ").append(ansi.red("schema: " + clean(schemaErrors.get(0))
                    + (schemaErrors.size() > 1 ? " (+" + (schemaErrors.size() - 1) + " more)" : "")));
        }
        if (live != null && !live.stored() && live.storeError() != null) {
            sb.append("  ").append(ansi.red("NOT STORED: " + live.storeError()));
        }
        return sb.toString();
    }

    /**
     * The lines under a delivery: with {@code verbose} the headers, the body as received (pretty-printed JSON with
     * {@code pretty}, and labelled so) and the plaintext of a decrypted body; without, one line saying a body was
     * decrypted.
     */
    public List<String> detail(StoredDelivery d, boolean verbose) {
        return detail(d, verbose, false);
    }

    /** {@link #detail(StoredDelivery, boolean)}, pretty-printing JSON bodies when {@code pretty}. */
    public List<String> detail(StoredDelivery d, boolean verbose, boolean pretty) {
        List<String> out = new ArrayList<>();
        List<String> schemaErrors = SchemaReport.lines(d);
        if (schemaErrors.size() > 1 || verbose && !schemaErrors.isEmpty()) {
            for (String e : schemaErrors) {
                out.add("  " + ansi.red("schema " + clean(e)));
            }
        }
        if (verbose) {
            out.add(ansi.dim(clean("  " + d.method() + " " + d.path() + (d.query() == null ? "" : "?" + d.query()))));
            for (Header h : d.headers()) {
                out.add("  " + ansi.cyan(clean(h.name())) + ": " + clean(h.value()));
            }
            if (d.bodyLength() > 0) {
                body(out, "  body", d.body(), pretty);
            }
        }
        if (d.decrypted() != null && verbose) {
            body(out, "  decrypted", d.decrypted(), pretty, "as decrypted");
        } else if (d.decrypted() != null) {
            out.add(ansi.dim("  decrypted " + d.decrypted().length + " bytes (v or -v shows them; hooks events show "
                    + d.id() + ")"));
        }
        if (verbose && d.forwardedTo() != null) {
            out.add(ansi.dim("  app answered " + (d.forwardStatus() == null ? "nothing: " + d.forwardError()
                    : d.forwardStatus() + ":")));
            if (d.forwardStatus() != null && d.responseBody().length > 0) {
                indent(out, text(d.responseBody(), pretty));
            }
        }
        if (verbose && !out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    /** A labelled body: its size and whether it is shown as received or pretty-printed, then its text. */
    private void body(List<String> out, String label, byte[] bytes, boolean pretty) {
        body(out, label, bytes, pretty, "as received");
    }

    private void body(List<String> out, String label, byte[] bytes, boolean pretty, String asIs) {
        String shown = text(bytes, pretty);
        boolean reformatted = pretty && !shown.equals(text(bytes, false));
        out.add(ansi.dim(label + " (" + bytes.length + " bytes, " + (reformatted ? "pretty-printed: not the bytes received"
                : asIs) + ")"));
        indent(out, shown);
    }

    /** The full text view of one stored delivery ({@code hooks events show}), bodies as received. */
    public List<String> show(StoredDelivery d) {
        return show(d, false);
    }

    /** {@link #show(StoredDelivery)}, pretty-printing JSON bodies when {@code pretty} (and saying so). */
    public List<String> show(StoredDelivery d, boolean pretty) {
        List<String> out = new ArrayList<>();
        out.add(line(d, null));
        out.add("");
        out.add(ansi.bold("id") + "          " + d.id() + " (seq " + d.seq() + ")");
        out.add(ansi.bold("received") + "    " + d.receivedAt());
        if (d.listener() != null) {
            out.add(ansi.bold("listener") + "    " + clean(d.listener()));
        }
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
        body(out, ansi.bold("body"), d.body(), pretty);
        if (d.decrypted() != null) {
            out.add("");
            body(out, ansi.bold("decrypted"), d.decrypted(), pretty, "as decrypted");
        }
        out.add("");
        out.add(ansi.bold("answer") + "      " + d.status());
        for (Header h : d.responseHeaders()) {
            out.add("  " + ansi.cyan(clean(h.name())) + ": " + clean(h.value()));
        }
        if (d.responseBody().length > 0) {
            indent(out, text(d.responseBody(), pretty));
        }
        if (d.forwardedTo() != null) {
            out.add("");
            out.add(ansi.bold("forwarded") + "   " + d.forwardedTo() + " -> "
                    + (d.forwardStatus() != null ? d.forwardStatus() : "failed: " + d.forwardError()));
        }
        return out;
    }

    /** The summary fields of a row read without its bodies, and its plaintext when it was decrypted. */
    public static Map<String, Object> fields(DeliverySummary s) {
        Map<String, Object> m = DeliveryFields.summary(s);
        DeliveryFields.putPlaintext(m, s.row());
        return m;
    }

    /** Whether listen's --events left this delivery out (answered 2xx, not verified). */
    static boolean filtered(StoredDelivery d) {
        return d.verified() == null && d.reason() != null && d.reason().startsWith(dev.hooks.listen.Listener.FILTERED);
    }

    /** The summary fields as a map (see {@link DeliveryFields}), with the detail fields when {@code detail}. */
    public static Map<String, Object> fields(StoredDelivery d, Live live, boolean detail) {
        Map<String, Object> m = DeliveryFields.summary(d, live != null ? live.latencyMicros() : d.latencyMicros());
        if (live != null) {
            m.put("filtered", filtered(d));
            m.put("stored", live.stored());
            if (live.storeError() != null) {
                m.put("store_error", live.storeError());
            }
            m.put("simulated", live.simulated());
        }
        SchemaReport.put(m, d);
        if (detail) {
            DeliveryFields.putDetail(m, d);
        } else {
            DeliveryFields.putPlaintext(m, d);
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

    /** The bytes as text as received (pretty JSON when {@code pretty} and they are JSON), else a note with the size. */
    static String text(byte[] bytes, boolean pretty) {
        if (bytes.length == 0) {
            return "(empty)";
        }
        String text = DeliveryFields.utf8(bytes);
        if (text == null) {
            return "(" + bytes.length + " bytes, not UTF-8 text)";
        }
        if (pretty && bytes.length <= SHOWN_BODY) {
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

    /** {@code s} cut to {@code width} characters, its end replaced by an ellipsis when it is longer. */
    static String cutEnd(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** {@code s} cut to {@code width} characters, its middle replaced by an ellipsis when it is longer. */
    static String cutMiddle(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        int tail = (width - 1) / 2;
        return s.substring(0, width - 1 - tail) + "…" + s.substring(s.length() - tail);
    }

    static String latency(long micros) {
        if (micros < 1000) {
            return micros + "µs";
        }
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
        }
        if (micros < 10_000_000) {
            return (micros / 1000) + "ms";
        }
        return String.format(Locale.ROOT, "%.1fs", micros / 1_000_000.0);
    }
}
