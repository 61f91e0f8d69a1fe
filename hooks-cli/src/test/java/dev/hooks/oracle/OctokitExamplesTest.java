package dev.hooks.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.schema.EventSchemas;
import dev.hooks.schema.SchemaError;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.testing.Oracle;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GitHub's community examples ({@code @octokit/webhooks-examples}, installed into src/test/oracle by npm) against the
 * vendored community schemas ({@code @octokit/webhooks-schemas}) through the github profile: examples validate, and
 * each with a required property removed fails with a pointer that names the property.
 */
class OctokitExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void examplesOfTenOrMoreEventsValidateAndFailWithoutARequiredProperty() throws Exception {
        Path index = Oracle.packageFile("@octokit/webhooks-examples", "api.github.com/index.json");
        EventSchemas github = EventSchemas.of(new ProviderCatalog(List.of()).builtIn("github"));
        JsonNode schema;
        try (InputStream in = EventSchemas.class.getResourceAsStream("/dev/hooks/providers/schemas/github/schema.json")) {
            schema = JSON.readTree(in);
        }
        Map<String, ObjectNode> valid = new LinkedHashMap<>();
        for (JsonNode event : JSON.readTree(index.toFile())) {
            String type = event.get("name").asText();
            if (!github.has(type) || valid.size() == 12) {
                continue; // twelve event types are enough, and each compiles its part of a 600 kB schema
            }
            for (JsonNode example : event.get("examples")) {
                if (github.check(type, example).verdict().equals(SchemaResult.VALID)) {
                    valid.put(type, (ObjectNode) example);
                    break;
                }
            }
        }
        assertThat(valid).as("event types with an example that validates").hasSizeGreaterThanOrEqualTo(10);

        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : valid.entrySet()) {
            String type = e.getKey();
            ObjectNode example = e.getValue();
            String property = requiredProperty(schema, type, example);
            ObjectNode broken = example.deepCopy();
            broken.remove(property);
            SchemaResult r = github.check(type, broken);
            assertThat(r.verdict()).as(type + " without " + property).isEqualTo(SchemaResult.INVALID);
            assertThat(r.errors()).as(type + " without " + property).extracting(SchemaError::pointer)
                    .contains("/" + property);
            checked.add(type + " -" + property);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    /** A property the event's schema (or, for events split by action, the action's schema) requires, other than action. */
    private static String requiredProperty(JsonNode schema, String type, JsonNode example) {
        JsonNode defs = schema.get("definitions");
        JsonNode def = defs.has(type + "_event") ? defs.get(type + "_event") : defs.get(type + "$event");
        if (def.has("oneOf") && example.has("action")) {
            def = defs.get(type + "$" + example.get("action").asText());
        }
        for (JsonNode p : def.get("required")) {
            if (!p.asText().equals("action") && example.has(p.asText())) {
                return p.asText();
            }
        }
        throw new AssertionError(type + ": no required property to remove");
    }
}
