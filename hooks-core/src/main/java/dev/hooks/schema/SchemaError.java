package dev.hooks.schema;

/**
 * One way a body breaks its event's JSON Schema.
 *
 * @param pointer the JSON Pointer (RFC 6901) of the value at fault; for a missing required property, the pointer the
 *     property would have ({@code /data/employee_id}); {@code ""} for the whole body
 * @param message what is wrong, in the validator's words
 */
public record SchemaError(String pointer, String message) {
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
