package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.listen.ListenRun;
import dev.hooks.testing.Tmux;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hooks send} says and how it exits as a first user meets it: URLs typed without a scheme, a receiver
 * that takes too long, a failure said once, defaults from the environment only where they mean something, and
 * Ctrl-C during a load run.
 */
class SendOutcomesIT {
    static final Path JAR = dev.hooks.testing.Project.jar();

    @TempDir
    Path home;

    @Test
    void aUrlWithoutASchemeIsHttp() {
        try (ListenRun listen = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret")) {
            CliRun run = CliRun.run(home, null, "send", "employee.updated", "-p", "paismo", "--secret", "s3cret",
                    "--to", "localhost:" + listen.port() + "/webhook").succeeds();
            assertThat(run.out()).contains("POST http://localhost:" + listen.port() + "/webhook");
            assertThat(listen.awaitLines(1).get(0).get("verified").asBoolean()).isTrue();
        }
    }

    @Test
    void aReceiverThatWasReachedButDidNotAnswerInTimeIsAFailedDeliveryNotAnUnreachableOne() {
        try (ListenRun listen = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--delay", "5s")) {
            CliRun run = CliRun.run(home, null, "send", "employee.updated", "-p", "paismo", "--secret", "s3cret",
                    "--to", "http://127.0.0.1:" + listen.port() + "/webhook", "--timeout", "1s").exits(1);
            assertThat(run.out()).contains("no answer within 1s");
            assertThat(run.out() + run.err()).doesNotContain("could not reach");
        }
    }

    @Test
    void aFailedDeliveryIsSaidOnce() {
        try (ListenRun listen = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--status", "500")) {
            CliRun run = CliRun.run(home, null, "send", "employee.updated", "-p", "paismo", "--secret", "s3cret",
                    "--to", "http://127.0.0.1:" + listen.port() + "/webhook").exits(1);
            assertThat(run.out()).contains("500").contains("not delivered");
            assertThat(run.err()).doesNotContain("the delivery failed");
        }
    }

    @Test
    void hooksApiKeyInTheEnvironmentIsSentOnlyWhereTheProviderHasAnApiKeyHeader() {
        Map<String, String> env = Map.of("HOOKS_API_KEY", "k3y-from-env");
        try (ListenRun listen = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret")) {
            CliRun.run(home, env, new byte[0], "send", "employee.updated", "-p", "paismo", "--secret", "s3cret",
                    "--to", "http://127.0.0.1:" + listen.port() + "/webhook").succeeds();
        }
        try (ListenRun listen = ListenRun.start(home, "-p", "paxos", "--api-key", "k3y-from-env")) {
            CliRun.run(home, env, new byte[0], "send", "transfer.crypto_deposit.completed", "-p", "paxos",
                    "--to", "http://127.0.0.1:" + listen.port() + "/webhook").succeeds();
            CliRun.run(home, Map.of("HOOKS_API_KEY", "another"), new byte[0], "send", "transfer.crypto_deposit.completed",
                    "-p", "paxos", "--to", "http://127.0.0.1:" + listen.port() + "/webhook").exits(1);
        }
    }

    @Test
    void hooksEncryptionKeyInTheEnvironmentEncryptsWhatSendSends() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        try (ListenRun listen = ListenRun.start(home, "-p", "teal", "--secret", "s3cret", "--encryption-key", key)) {
            CliRun.run(home, Map.of("HOOKS_ENCRYPTION_KEY", key), new byte[0], "send", "user-payroll-submitted",
                    "-p", "teal", "--secret", "s3cret", "--to", "http://127.0.0.1:" + listen.port() + "/webhook").succeeds();
            assertThat(listen.awaitLines(1).get(0).get("decrypted").asBoolean()).isTrue();
        }
    }

    @Test
    void ctrlCDuringALoadRunPrintsTheSummaryOfWhatWasSent() throws Exception {
        try (ListenRun listen = ListenRun.start(home, "-p", "paismo", "--secret", "s3cret", "--no-store");
             Tmux t = Tmux.start(home, Map.of("HOME", home.toString(), "NO_COLOR", "1"), "java -jar " + JAR
                     + " send employee.updated -p paismo --secret s3cret --to http://127.0.0.1:" + listen.port()
                     + "/webhook --count 1000000 --rate 20 --no-progress")) {
            listen.awaitLines(3);
            t.keys("C-c");
            t.awaitExit(30_000);
            assertThat(t.exitStatus()).isEqualTo(130);
            assertThat(t.screen()).containsPattern("sent \\d+ deliveries in \\d+ attempts").contains("delivered ");
        }
    }
}
