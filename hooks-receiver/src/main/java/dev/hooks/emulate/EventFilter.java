package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.samples.DottedPath;
import java.util.List;

/**
 * One entry of a subscription's event selection: an event type ({@code *} for every type) and, for Paismo, its
 * filters: {@code fields} fires only when one of them is in the event's {@code changed_fields}; {@code match} fires
 * only when {@code data.<field>} is exactly the string {@code value}.
 */
record EventFilter(String type, List<String> fields, String matchField, String matchValue) {
    EventFilter {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    static EventFilter of(String type) {
        return new EventFilter(type, List.of(), null, null);
    }

    boolean selects(String eventType) {
        return type.equals("*") || type.equals(eventType);
    }

    /** Whether the event's data part passes this entry's filters (its type already selected). */
    boolean passes(JsonNode data) {
        if (!fields.isEmpty()) {
            JsonNode changed = data == null ? null : data.get("changed_fields");
            boolean any = false;
            if (changed != null && changed.isArray()) {
                for (JsonNode f : changed) {
                    any |= fields.contains(f.asText());
                }
            }
            if (!any) {
                return false;
            }
        }
        if (matchField != null) {
            JsonNode v = data == null ? null : DottedPath.get(data, matchField).orElse(null);
            return v != null && v.isTextual() && v.textValue().equals(matchValue);
        }
        return true;
    }
}
