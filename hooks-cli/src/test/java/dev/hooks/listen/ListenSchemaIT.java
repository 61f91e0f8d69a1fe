package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen} checks every verified delivery against its event's schema: the JSON line and the history carry
 * {@code schema} and {@code schema_errors}, the answer is unchanged unless {@code --schema-strict}, and Teal's
 * encrypted deliveries are checked after decryption.
 */
class ListenSchemaIT {
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path home;

    @Test
    void aDeliveryIsReportedAgainstItsSchemaAndTheHistoryKeepsTheErrors() throws Exception {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret")) {
            String url = listen.url("/webhook").toString();
            CliRun good = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret",
                    "s3cret", "--set", "data.first_name=Ana", "--to", url).succeeds();
            assertThat(good.err()).doesNotContain("warning");
            CliRun plain = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--set", "data.employee_id=42", "--to", url).succeeds();
            assertThat(plain.err()).as("send warns and sends anyway")
                    .contains("hooks: warning: the employee.created schema rejects this body (--set): /data/employee_id: ");
            JsonNode valid = listen.awaitLines(2).get(0);
            JsonNode invalid = listen.awaitLines(2).get(1);
            assertThat(valid.get("schema").asText()).as("%s", valid).isEqualTo("valid");
            assertThat(valid.get("schema_errors")).isEmpty();
            assertThat(invalid.get("status").asInt()).as("the answer is unchanged by default").isEqualTo(200);
            assertThat(invalid.get("schema").asText()).isEqualTo("invalid");
            assertThat(invalid.get("schema_errors")).hasSize(1);
            assertThat(invalid.get("schema_errors").get(0).get("pointer").asText()).isEqualTo("/data/employee_id");
            assertThat(invalid.get("schema_errors").get(0).get("message").asText()).contains("integer");

            JsonNode shown = ListenRun.JSON.readTree(CliRun.run(home, null, "events", "show",
                    invalid.get("id").asText(), "--format", "json").succeeds().out());
            assertThat(shown.get("schema").asText()).isEqualTo("invalid");
            assertThat(shown.get("schema_errors").get(0).get("pointer").asText()).isEqualTo("/data/employee_id");
            String text = CliRun.run(home, null, "events", "show", invalid.get("id").asText()).succeeds().out();
            assertThat(text).contains("schema: /data/employee_id: ");

            JsonNode detail = ListenRun.JSON.readTree(listen.inspector("/_hooks/api/deliveries/"
                    + invalid.get("id").asText()).body());
            assertThat(detail.get("schema_errors").get(0).get("pointer").asText()).isEqualTo("/data/employee_id");
        }
    }

    @Test
    void schemaStrictAnswers400WithTheErrors() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret", "--no-store",
                "--schema-strict")) {
            String url = listen.url("/webhook").toString();
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", url).succeeds();
            CliRun bad = CliRun.run(home, null, "send", "employee.terminated", "--provider", "paismo", "--secret",
                    "s3cret", "--set", "data.termination_date=null", "--to", url, "--format", "json");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.out()).contains("/data/termination_date");
            JsonNode line = listen.awaitLines(2).get(1);
            assertThat(line.get("status").asInt()).isEqualTo(400);
            assertThat(line.get("schema").asText()).isEqualTo("invalid");
            assertThat(line.get("reason").asText()).contains("employee.terminated schema").contains("/data/termination_date");
        }
    }

    @Test
    void tealIsCheckedAfterDecryption() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "teal", "--secret", "s3cret", "--encryption-key",
                KEY, "--no-store")) {
            String url = listen.url("/webhook").toString();
            CliRun.run(home, null, "send", "user-payroll-submitted", "--provider", "teal", "--secret", "s3cret",
                    "--encryption-key", KEY, "--to", url).succeeds();
            CliRun.run(home, null, "send", "user-payroll-submitted", "--provider", "teal", "--secret", "s3cret",
                    "--encryption-key", KEY, "--set", "data.account_id=7", "--to", url).succeeds();
            JsonNode ok = listen.awaitLines(2).get(0);
            JsonNode bad = listen.awaitLines(2).get(1);
            assertThat(ok.get("decrypted").asBoolean()).isTrue();
            assertThat(ok.get("schema").asText()).as("%s", ok).isEqualTo("valid");
            assertThat(bad.get("schema").asText()).isEqualTo("invalid");
            assertThat(bad.get("schema_errors").get(0).get("pointer").asText()).isEqualTo("/data/account_id");
        }
    }

    @Test
    void aProviderWithoutSchemasReportsNone() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_test", "--no-store")) {
            CliRun.run(home, null, "send", "invoice.paid", "--provider", "stripe", "--secret", "whsec_test", "--to",
                    listen.url("/webhook").toString()).succeeds();
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.get("schema").asText()).isEqualTo("none");
        }
    }
}
