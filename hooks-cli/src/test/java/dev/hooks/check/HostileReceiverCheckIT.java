package dev.hooks.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks check} against real local receivers that connect and then never answer, or hang up without answering:
 * no answer is never a latency pass, and a receiver that stops answering is not waited on for every check.
 */
class HostileReceiverCheckIT {
    static final String SECRET = "whsec_hostile-check-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** Reads each request's head, then either holds the connection open without a word or closes it. */
    static final class Receiver implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger requests = new AtomicInteger();
        final List<Socket> held = new CopyOnWriteArrayList<>();

        Receiver(boolean hangUp) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        held.add(s);
                        Thread c = new Thread(() -> serve(s, hangUp));
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s, boolean hangUp) {
            try {
                InputStream in = s.getInputStream();
                int matched = 0;
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
                    if (matched == 4) {
                        requests.incrementAndGet();
                        matched = 0;
                        if (hangUp) {
                            s.close();
                            return;
                        }
                    }
                }
            } catch (IOException gone) {
                // the client gave up
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/webhook";
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aReceiverThatNeverAnswersStopsTheChecksAfterTheFirstTimeoutsAndTheRestAreMarkedNotRun() throws Exception {
        try (Receiver r = new Receiver(false)) {
            CliRun run = CliRun.run(home, null, "check", "--provider", "stripe", "--secret", SECRET, "--to", r.url(),
                    "--timeout", "2s").exits(1);
            String text = run.out();
            assertThat(text).containsPattern("(?m)FAIL\\s+valid\\s+the receiver answered none of the last 2 requests "
                    + "within 2s; the rest of this check's requests were not sent")
                    .containsPattern("(?m)FAIL\\s+latency\\s+2 of 2 requests got no answer");
            for (String notRun : List.of("duplicate", "raw-body", "bad-signature", "missing-signature", "tampered-body",
                    "wrong-secret", "stale-timestamp")) {
                assertThat(text).containsPattern("(?m)n/a\\s+" + notRun + "\\s+not run: the receiver answered none of "
                        + "the last 2 requests within 2s");
            }
            // Two requests waited out their timeout; none was sent after them.
            assertThat(r.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void noAnswerAtAllIsNeverALatencyPass() throws Exception {
        try (Receiver r = new Receiver(true)) {
            CliRun run = CliRun.run(home, null, "check", "--provider", "stripe", "--secret", SECRET, "--to", r.url(),
                    "--format", "json").exits(1);
            JsonNode latency = null;
            for (String line : run.out().lines().toList()) {
                JsonNode n = JSON.readTree(line);
                if (n.path("check").asText().equals("latency")) {
                    latency = n;
                }
            }
            assertThat(latency).as(run.out()).isNotNull();
            assertThat(latency.path("outcome").asText()).isEqualTo("fail");
            assertThat(latency.path("reason").asText()).contains("no request got an answer");
            assertThat(r.requests.get()).isGreaterThan(2);
        }
    }
}
