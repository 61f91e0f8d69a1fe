package dev.hooks.listen;

import dev.hooks.store.DeliveryFields;
import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * A delivery as a POSIX shell command line that sends it again with curl: the recorded method, headers and body,
 * byte for byte. Every argument is single-quoted, so nothing in a header or body is interpreted by the shell. A body
 * that is not UTF-8 text is passed through {@code base64 -d}.
 */
final class CurlCommand {
    private static final Set<String> LEFT_OUT = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "http2-settings");

    private CurlCommand() {}

    static String of(StoredDelivery d, String url) {
        StringBuilder sb = new StringBuilder();
        byte[] body = d.body();
        String text = DeliveryFields.utf8(body);
        boolean binary = text == null || text.indexOf('\0') >= 0;
        // curl reads "--data-binary @x" as a file name, so a body starting with @ goes through stdin too.
        boolean piped = binary || text.startsWith("@");
        if (binary) {
            sb.append("printf '%s' ").append(quote(Base64.getEncoder().encodeToString(body))).append(" | base64 -d | ");
        } else if (piped) {
            sb.append("printf '%s' ").append(quote(text)).append(" | ");
        }
        sb.append("curl -sS -X ").append(quote(d.method())).append(' ').append(quote(url));
        for (Header h : d.headers()) {
            if (!LEFT_OUT.contains(h.name().toLowerCase(Locale.ROOT))) {
                sb.append(" \\\n  -H ").append(quote(h.name() + ": " + h.value()));
            }
        }
        if (piped) {
            sb.append(" \\\n  --data-binary @-");
        } else if (body.length > 0) {
            sb.append(" \\\n  --data-binary ").append(quote(text));
        }
        return sb.toString();
    }

    /** Single-quotes for a POSIX shell: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
