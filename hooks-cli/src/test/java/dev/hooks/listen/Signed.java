package dev.hooks.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.testing.Oracle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Many signatures from the independent Node oracle in one process start (each start costs ~0.2 s). */
final class Signed {
    private final ArrayNode requests = ListenRun.JSON.createArrayNode();

    /** Adds one request; its headers are at the same index in {@link #run()}. */
    Signed add(String provider, String secret, byte[] body, Long timestamp) {
        ObjectNode r = requests.addObject().put("provider", provider).put("secret", secret)
                .put("body_b64", Base64.getEncoder().encodeToString(body));
        if (timestamp != null) {
            r.put("timestamp", timestamp);
        }
        return this;
    }

    List<Map<String, String>> run() {
        JsonNode answer = Oracle.call(requests);
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode a : answer) {
            Map<String, String> h = new LinkedHashMap<>();
            a.get("headers").fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
            out.add(h);
        }
        return out;
    }
}
