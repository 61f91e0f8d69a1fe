package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.testing.EndlessServer;
import dev.hooks.testing.Heap;
import dev.hooks.testing.IndependentReceiver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that answers {@code send} and {@code handshake} with endless headers or an endless body gets a clear
 * failure (headers) or a cut answer (body) well before the timeout, never the sender's memory.
 */
class EndlessAnswersIT {
    @TempDir
    Path home;

    @Test
    void sendAgainstEndlessHeadersFailsWithExit1OnTheHeaderLimitNotTheTimeout() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessHeaders()) {
            long start = System.nanoTime();
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/webhook"), "--timeout", "60s");
            // It connected and answered, badly: the receiver failed (1), the network did not (3).
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out() + run.err()).contains("the answer's headers exceed");
            assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(30);
            assertThat(receiver.written()).isLessThan(Heap.mib(64));
        }
        assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
    }

    @Test
    void sendAgainstAnEndlessBodyKeepsTheFirstMibAndGoesOn() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessBody()) {
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/webhook"), "--timeout", "60s");
            run.succeeds();
            assertThat(run.out() + run.err()).contains("200");
            assertThat(run.out()).contains("(answer body cut: only its first 1 MiB read)");
            assertThat(receiver.written()).isLessThan(Heap.mib(64));
        }
        assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
    }

    @Test
    void sendAgainstAnEndlessBodySaysInJsonThatTheAnswerWasCut() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessBody()) {
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/webhook"), "--timeout", "60s", "--format", "json");
            run.succeeds();
            JsonNode attempt = SendIT.jsonLines(run.out()).get(0);
            assertThat(attempt.path("type").asText()).isEqualTo("attempt");
            assertThat(attempt.path("status").asInt()).isEqualTo(200);
            assertThat(attempt.path("truncated").isBoolean() && attempt.path("truncated").asBoolean()).as("%s", attempt).isTrue();
        }
    }

    @Test
    void aWholeAnswerIsNotMarkedCut() throws Exception {
        try (IndependentReceiver receiver = IndependentReceiver.builder("paismo")
                .secret("s3cret").start()) {
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/webhook"), "--format", "json");
            run.succeeds();
            assertThat(SendIT.jsonLines(run.out()).get(0).has("truncated")).isFalse();
        }
    }

    @Test
    void handshakeAgainstEndlessHeadersFailsOnTheHeaderLimit() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessHeaders()) {
            assertThat(handshake(receiver, "paismo")).contains("the answer's headers exceed");
        }
    }

    @Test
    void handshakeAgainstAnEndlessBodyIsRefusedAsAWrongAnswer() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessBody()) {
            handshake(receiver, "keypay");
        }
    }

    /** Runs a handshake against {@code receiver}: it fails, having read a bounded part of the answer; its output. */
    private String handshake(EndlessServer receiver, String provider) {
        CliRun run = CliRun.run(home, null, "handshake", "--provider", provider, "--to", receiver.url("/webhook"),
                "--timeout", "60s");
        assertThat(run.exitCode()).as(run.err()).isNotZero();
        assertThat(receiver.written()).isLessThan(Heap.mib(64));
        return run.out() + run.err();
    }
}
