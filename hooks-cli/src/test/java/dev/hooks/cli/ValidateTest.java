package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks validate}: one line per error with its pointer; exit 0 valid, 1 invalid, 2 no schema. */
class ValidateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private String sample(String provider, String event) {
        return CliRun.run(home, "", "samples", "show", event, "--provider", provider).succeeds().out();
    }

    @Test
    void aSampleIsValidAndTheEventTypeComesFromTheBody() {
        CliRun r = CliRun.run(home, sample("paismo", "employee.created"), "validate", "--provider", "paismo").succeeds();
        assertThat(r.out()).startsWith("valid: paismo employee.created");
        CliRun.run(home, sample("keypay", "PayRunDeleted"), "validate", "--provider", "keypay", "-").succeeds();
    }

    @Test
    void aBodyThatBreaksItsSchemaPrintsOneLinePerErrorWithItsPointerAndExits1() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(sample("paismo", "employee.created"));
        ((ObjectNode) body.get("data")).remove("employee_id");
        body.remove("event_id");
        Path file = Files.writeString(home.resolve("bad.json"), body.toString());
        CliRun r = CliRun.run(home, "", "validate", "--provider", "paismo", file.toString()).exits(1);
        assertThat(r.out().lines()).containsExactlyInAnyOrder(
                "/event_id: required property 'event_id' not found",
                "/data/employee_id: required property 'employee_id' not found");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("breaks its schema");
    }

    @Test
    void githubNamesItsEventInAHeaderSoTheTypeIsPassed() {
        String push = sample("github", "push");
        CliRun r = CliRun.run(home, push, "validate", "--provider", "github").exits(2);
        assertThat(r.err()).contains("--event-type").contains("X-GitHub-Event");
        CliRun.run(home, push, "validate", "--provider", "github", "--event-type", "push").succeeds();
        CliRun bad = CliRun.run(home, push.replaceFirst("\"ref\"", "\"reff\""), "validate", "--provider", "github",
                "-t", "push").exits(1);
        assertThat(bad.out()).contains("/ref: required property 'ref' not found");
    }

    @Test
    void noSchemaOrNoJsonIsExit2WithOneLine() {
        CliRun none = CliRun.run(home, sample("stripe", "invoice.paid"), "validate", "--provider", "stripe").exits(2);
        assertThat(none.err().strip().lines()).hasSize(1);
        assertThat(none.err()).contains("provider 'stripe' has no schema for event 'invoice.paid'");
        CliRun unknown = CliRun.run(home, "{}", "validate", "--provider", "paismo", "-t", "employee.hired").exits(2);
        assertThat(unknown.err()).contains("no schema for event 'employee.hired'").contains("employee.created");
        CliRun notJson = CliRun.run(home, "{nope", "validate", "--provider", "paismo").exits(2);
        assertThat(notJson.err().strip().lines()).hasSize(1);
        assertThat(notJson.err()).contains("not JSON");
    }
}
