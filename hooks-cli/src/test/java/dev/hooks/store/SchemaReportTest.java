package dev.hooks.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.schema.SchemaError;
import dev.hooks.schema.SchemaResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema result inside the verification document: written and read back, by the short way or the long one. */
class SchemaReportTest {
    static Map<String, Object> read(String verification) {
        Map<String, Object> m = new LinkedHashMap<>();
        SchemaReport.put(m, StoredDelivery.builder().receivedAt(Instant.EPOCH).verification(verification).build());
        return m;
    }

    @Test
    void aValidResultIsWrittenAsJsonAndReadBack() throws Exception {
        String v = SchemaReport.append("{\"valid\":true,\"algorithm\":\"HMAC-SHA256\"}", SchemaResult.of(List.of()));
        assertThat(new ObjectMapper().readTree(v).get("schema").toString())
                .isEqualTo("{\"result\":\"valid\",\"errors\":[]}");
        assertThat(read(v)).containsEntry("schema", "valid").containsEntry("schema_errors", List.of());
        assertThat(read(SchemaReport.append(null, SchemaResult.of(List.of())))).containsEntry("schema", "valid");
    }

    @Test
    void anInvalidResultKeepsItsErrors() {
        String v = SchemaReport.append("{\"valid\":true}", SchemaResult.of(List.of(new SchemaError("/id", "required"))));
        assertThat(read(v)).containsEntry("schema", "invalid")
                .containsEntry("schema_errors", List.of(Map.of("pointer", "/id", "message", "required")));
    }

    @Test
    void aDocumentWhoseValidLookingEndIsNotItsOwnSchemaMemberIsReadInFull() {
        assertThat(read("{\"x\":{\"schema\":{\"result\":\"valid\",\"errors\":[]}}}")).containsEntry("schema", "none");
        assertThat(read("{\"valid\":true}")).containsEntry("schema", "none");
    }
}
