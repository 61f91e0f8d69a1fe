package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.listen.ListenRun;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks events wait} following the history a real {@code hooks listen} writes, as a CI script would. */
class EventsWaitIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void waitsForMatchingDeliveriesThatArriveLater() throws Exception {
        Path db = home.resolve("ci/hooks.db");
        CompletableFuture<CliRun> wait = CompletableFuture.supplyAsync(() -> CliRun.run(home, null, "events", "wait",
                "--store", db.toString(), "--provider", "paismo", "--valid", "--count", "2", "--timeout", "60s",
                "--format", "json"));
        Thread.sleep(300);
        assertThat(wait).as("waits while there is no history yet").isNotDone();
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret",
                "--store", db.toString())) {
            String url = listen.url("/webhook").toString();
            send(url, "employee.created", "wrong-secret").exits(1);
            send(url, "employee.created", "s3cret").succeeds();
            Thread.sleep(300);
            assertThat(wait).as("one valid delivery of two").isNotDone();
            send(url, "payroll.approved", "s3cret").succeeds();
            CliRun run = wait.get(60, TimeUnit.SECONDS).succeeds();
            JsonNode doc = JSON.readTree(run.out());
            assertThat(doc.get("complete").asBoolean()).isTrue();
            assertThat(doc.get("matched")).hasSize(2);
            assertThat(doc.get("matched").get(0).get("event_type").asText()).isEqualTo("employee.created");
            assertThat(doc.get("matched").get(1).get("event_type").asText()).isEqualTo("payroll.approved");
            assertThat(doc.get("matched").findValuesAsText("verified")).containsOnly("true");
            assertThat(doc.get("rejected_count").asInt()).isEqualTo(1);
            assertThat(doc.get("rejected").get(0).get("not_counted").asText()).startsWith("not valid: signature mismatch");
        }
    }

    @Test
    void onTimeoutListsWhatArrivedAndWhyItDidNotCount() {
        Path db = home.resolve("hooks.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret",
                "--store", db.toString())) {
            String url = listen.url("/webhook").toString();
            send(url, "employee.created", "s3cret").succeeds();
            send(url, "payroll.closed", "wrong-secret").exits(1);
            CliRun run = CliRun.run(home, null, "events", "wait", "--store", db.toString(), "--event-type",
                    "payroll.closed", "--valid", "--timeout", "1s").exits(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("hooks: timed out after 1s: 0 of 1 matching deliveries arrived; "
                            + "2 other requests did not match:")
                    .contains("not counted: event type employee.created, not payroll.closed")
                    .contains("not counted: not valid: signature mismatch")
                    .doesNotContain("s3cret");

            CliRun found = CliRun.run(home, null, "events", "wait", "--store", db.toString(), "--provider", "paismo",
                    "--event-type", "employee.created", "--timeout", "0").succeeds();
            assertThat(found.out()).contains("paismo").contains("employee.created").contains("valid");
            CliRun none = CliRun.run(home, null, "events", "wait", "--store", db.toString(), "--since", "now",
                    "--timeout", "200ms").exits(1);
            assertThat(none.err()).contains("0 of 1 matching deliveries arrived, and nothing else");
        }
    }

    @Test
    void badInputExits2() {
        CliRun.run(home, null, "events", "wait", "--count", "1").exits(2);
        CliRun.run(home, null, "events", "wait", "--timeout", "soon").exits(2);
        CliRun bad = CliRun.run(home, null, "events", "wait", "--timeout", "1s", "--since", "yesterday-ish").exits(2);
        assertThat(bad.err()).contains("--since 'yesterday-ish' is not a time");
        CliRun.run(home, null, "events", "wait", "--timeout", "1s", "--count", "0").exits(2);
    }

    private CliRun send(String url, String event, String secret) {
        return CliRun.run(home, null, "send", event, "--provider", "paismo", "--secret", secret, "--to", url);
    }
}
