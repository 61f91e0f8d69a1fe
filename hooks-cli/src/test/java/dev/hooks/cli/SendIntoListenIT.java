package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hooks send} into {@code hooks listen}, for every built-in provider, with only provider, secret and URL. */
class SendIntoListenIT {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "paismo, employee.updated, s3cret",
        "paxos, transfer.crypto_deposit.completed, ''",
        "teal, user-payroll-submitted, s3cret",
        "keypay, PayRunFinalised, s3cret",
        "paycor, Employee.Update, s3cret",
        "standard-webhooks, employee.created, whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "svix, invoice.paid, whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "stripe, invoice.paid, whsec_test",
        "github, pull_request, s3cret",
        "shopify, customers/create, s3cret",
        "slack, app_mention, s3cret",
        "zoom, meeting.started, s3cret"})
    void listenVerifiesWhatSendSends(String provider, String event, String secret) {
        String[] listenArgs = secret.isEmpty() ? new String[] {"--provider", provider, "--no-store"}
                : new String[] {"--provider", provider, "--secret", secret, "--no-store"};
        try (ListenRun listen = ListenRun.start(home, listenArgs)) {
            String url = listen.url("/webhook").toString();
            CliRun run = secret.isEmpty()
                    ? CliRun.run(home, null, "send", event, "--provider", provider, "--to", url)
                    : CliRun.run(home, null, "send", event, "--provider", provider, "--secret", secret, "--to", url);
            run.succeeds();
            List<JsonNode> lines = listen.awaitLines(1);
            JsonNode d = lines.get(0);
            assertThat(d.get("provider").asText()).isEqualTo(provider);
            assertThat(d.get("status").asInt()).as("%s", d).isBetween(200, 299);
            if (secret.isEmpty()) {
                assertThat(d.get("verified").isNull()).as("%s", d).isTrue();
            } else {
                assertThat(d.get("verified").asBoolean()).as("%s", d).isTrue();
            }
            assertThat(d.get("event_type").asText()).as("%s", d).isEqualTo(event);
        }
    }
}
