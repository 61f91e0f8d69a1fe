package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.EndlessServer;
import dev.hooks.testing.Heap;
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
    void sendAgainstEndlessHeadersFailsOnTheHeaderLimitNotTheTimeout() throws Exception {
        try (EndlessServer receiver = EndlessServer.endlessHeaders()) {
            long start = System.nanoTime();
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", receiver.url("/webhook"), "--timeout", "60s");
            assertThat(run.exitCode()).as(run.err()).isNotZero();
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
            assertThat(receiver.written()).isLessThan(Heap.mib(64));
        }
        assertThat(Heap.usedAfterGc()).isLessThan(Heap.mib(400));
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
