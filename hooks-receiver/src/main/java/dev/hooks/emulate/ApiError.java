package dev.hooks.emulate;

/**
 * An answer other than success, rendered in the emulated provider's style by its {@link ApiShape}.
 *
 * @param field the body field at fault (for 400s), or null
 */
final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final String field;

    ApiError(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_request", field, field + " " + message);
    }

    static ApiError notFound(String what, String id) {
        return new ApiError(404, "not_found", null, "no " + what + " with id '" + id + "'");
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", null, message);
    }
}
