package dev.hooks.listen;

import dev.hooks.HooksException;
import io.javalin.http.Context;
import java.util.Map;

/**
 * How the inspector's API answers a failure of ours: the history unreadable (damaged, taken away) is a 503 naming
 * the file and why, anything else a 500 with its one-line reason; both as JSON {@code {"error": ...}}, the form
 * the page shows, never a bare status.
 */
final class InspectorErrors {
    private InspectorErrors() {}

    static void answer(Context ctx, RuntimeException e) {
        boolean store = e instanceof HooksException;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(store ? 503 : 500).contentType("application/json")
                .result(DeliveryDocuments.write(Map.of("error", store ? why : "internal error in hooks: " + why)));
    }
}
