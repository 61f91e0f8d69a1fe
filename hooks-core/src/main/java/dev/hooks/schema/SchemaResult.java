package dev.hooks.schema;

import java.util.List;

/**
 * A body checked against its event's schema.
 *
 * @param verdict {@code valid}, {@code invalid}, or {@code none} when the event has no schema (or the body is not
 *     JSON, or its event type is unknown)
 * @param errors the first {@value EventSchemas#MAX_ERRORS} errors, empty unless invalid
 */
public record SchemaResult(String verdict, List<SchemaError> errors) {
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String NONE = "none";
    /** No schema for the event. */
    public static final SchemaResult NO_SCHEMA = new SchemaResult(NONE, List.of());

    public SchemaResult {
        errors = List.copyOf(errors);
    }

    public static SchemaResult of(List<SchemaError> errors) {
        return new SchemaResult(errors.isEmpty() ? VALID : INVALID, errors);
    }

    public boolean invalid() {
        return INVALID.equals(verdict);
    }
}
