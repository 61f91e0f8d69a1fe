package dev.hooks.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.store.StoredDelivery.Header;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented JSON fields of a stored delivery, defined once for every place that prints or serves them:
 * {@code hooks listen --format json}, {@code hooks events list|show|export} and the inspector's JSON Lines export
 * and delivery list. Scripts depend on these names and their order, so they live here and nowhere else.
 *
 * <p>Summary, in this order: {@code id}, {@code seq} (null before the delivery is stored), then the request
 * ({@code received_at}, {@code kind}, {@code provider}, {@code method}, {@code path}, {@code event_type},
 * {@code event_id}, {@code verified}, then {@code listener}, the name of the listener that received it, only when
 * the history records one: a shared PostgreSQL history), then the outcome ({@code reason}, {@code duplicate},
 * {@code status}, {@code latency_ms}, {@code body_bytes}, {@code decrypted}, {@code forwarded_to},
 * {@code forward_status}, {@code forward_error}). A full line adds {@code schema} and {@code schema_errors}
 * ({@link SchemaReport}). Detail: {@code query}, {@code headers} ([name, value] pairs), {@code body} (text) or
 * {@code body_base64}, {@code plaintext} (when decrypted), {@code verification}, {@code response_headers},
 * {@code response_body} (or {@code response_body_base64}), {@code replay_of}.
 *
 * <p>The maps are ordered ({@link LinkedHashMap}) and hold only strings, numbers, booleans, lists and parsed JSON,
 * ready for any Jackson mapper. Nothing here adds a secret: a delivery holds none.
 */
public final class DeliveryFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryFields() {
    }

    /** The summary fields, with the latency given (a live delivery's may differ from the recorded one). */
    public static Map<String, Object> summary(StoredDelivery d, long latencyMicros) {
        return summary(d, latencyMicros, d.bodyLength());
    }

    /** The summary fields of a row read by {@link DeliveryStore#listSummaries}. */
    public static Map<String, Object> summary(DeliverySummary s) {
        return summary(s.row(), s.row().latencyMicros(), s.bodyBytes());
    }

    private static Map<String, Object> summary(StoredDelivery d, long latencyMicros, int bodyBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("seq", d.seq() == 0 ? null : d.seq());
        putRequest(m, d);
        putOutcome(m, d, latencyMicros, bodyBytes);
        return m;
    }

    /** The summary fields followed by the detail fields: one line of {@code hooks events export}. */
    public static Map<String, Object> full(StoredDelivery d) {
        Map<String, Object> m = summary(d, d.latencyMicros());
        SchemaReport.put(m, d);
        putDetail(m, d);
        return m;
    }

    /** {@code received_at} to {@code verified}, and {@code listener} when there is one: what arrived, and where. */
    public static void putRequest(Map<String, Object> m, StoredDelivery d) {
        m.put("received_at", d.receivedAt().toString());
        m.put("kind", d.kind());
        m.put("provider", d.provider());
        m.put("method", d.method());
        m.put("path", d.path());
        m.put("event_type", d.eventType());
        m.put("event_id", d.eventId());
        m.put("verified", d.verified());
        if (d.listener() != null) {
            m.put("listener", d.listener());
        }
    }

    /** {@code reason} to {@code forward_error}: what was done with it. */
    public static void putOutcome(Map<String, Object> m, StoredDelivery d, long latencyMicros) {
        putOutcome(m, d, latencyMicros, d.bodyLength());
    }

    /** {@link #putOutcome(Map, StoredDelivery, long)} with the body's length given (a summary row has no body). */
    public static void putOutcome(Map<String, Object> m, StoredDelivery d, long latencyMicros, int bodyBytes) {
        m.put("reason", d.reason());
        m.put("duplicate", d.duplicate());
        m.put("status", d.status());
        m.put("latency_ms", Math.round(latencyMicros / 10.0) / 100.0);
        m.put("body_bytes", bodyBytes);
        m.put("decrypted", d.decrypted() != null);
        m.put("forwarded_to", d.forwardedTo());
        m.put("forward_status", d.forwardStatus());
        m.put("forward_error", d.forwardError());
    }

    /** {@code query} to {@code replay_of}: the bytes and headers both ways, and the verification steps. */
    public static void putDetail(Map<String, Object> m, StoredDelivery d) {
        m.put("query", d.query());
        m.put("headers", pairs(d.headers()));
        putBody(m, "body", d.body());
        putPlaintext(m, d);
        m.put("verification", parseOrText(d.verification()));
        m.put("response_headers", pairs(d.responseHeaders()));
        putBody(m, "response_body", d.responseBody());
        m.put("replay_of", d.replayOf());
    }

    /** {@code plaintext} (or {@code plaintext_base64}) when the body was decrypted; nothing otherwise. */
    public static void putPlaintext(Map<String, Object> m, StoredDelivery d) {
        if (d.decrypted() != null) {
            putBody(m, "plaintext", d.decrypted());
        }
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<List<String>> pairs(List<Header> headers) {
        List<List<String>> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(List.of(h.name(), h.value()));
        }
        return out;
    }

    /** {@code name} as text when the bytes are UTF-8, else {@code name_base64}. */
    private static void putBody(Map<String, Object> m, String name, byte[] bytes) {
        String text = utf8(bytes);
        if (text != null) {
            m.put(name, text);
        } else {
            m.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    /** The recorded verification document parsed, or its text when it is not JSON; null when there is none. */
    private static Object parseOrText(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
