package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Main;
import dev.hooks.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events show} and {@code listen -v} show a body as received; pretty-printing is asked for and labelled. */
class RawBodyIT {
    /** Spacing no JSON formatter writes, so the bytes shown are the bytes received or they are not. */
    private static final String BODY = "{\"event_type\":\"employee.created\",  \"data\" : {\"n\":1}}";

    @TempDir
    Path home;

    @Test
    void eventsShowPrintsTheBytesReceivedAndPrettyPrintsOnlyWithPretty() {
        Path store = home.resolve("h.db");
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--no-verify", "--store", store.toString())) {
            id = ListenRun.idOf(listen.post("/paismo", BODY.getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        String shown = CliRun.run(home, null, "events", "show", id, "--store", store.toString()).succeeds().out();
        assertThat(shown).contains("body (" + BODY.length() + " bytes, as received)").contains("    " + BODY + "\n");
        String pretty = CliRun.run(home, null, "events", "show", id, "--store", store.toString(), "--pretty").succeeds().out();
        assertThat(pretty).contains("body (" + BODY.length() + " bytes, pretty-printed: not the bytes received)")
                .doesNotContain(BODY).contains("\"data\" : {");
    }

    @Test
    void listenVerboseShowsTheBytesReceived() throws Exception {
        assertThat(listenVerbose()).contains("body (" + BODY.length() + " bytes, as received)").contains("    " + BODY + "\n");
        assertThat(listenVerbose("--pretty")).contains("pretty-printed: not the bytes received").doesNotContain(BODY);
    }

    /** What {@code listen -v} in text prints for one delivery of {@link #BODY}. */
    private String listenVerbose(String... more) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[8 + more.length];
        System.arraycopy(new String[] {"listen", "--port", "0", "-p", "paismo", "--no-verify", "--no-store", "-v"}, 0, args, 0, 8);
        System.arraycopy(more, 0, args, 8, more.length);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", home.toString(), "NO_COLOR", "1"))));
        t.start();
        try {
            Pattern port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String found = null;
            while (found == null && System.nanoTime() < deadline) {
                Matcher m = port.matcher(err.toString(StandardCharsets.UTF_8));
                if (m.find()) {
                    found = m.group(1);
                } else {
                    Thread.sleep(20);
                }
            }
            assertThat(found).as("listen started: %s", err.toString(StandardCharsets.UTF_8)).isNotNull();
            java.net.http.HttpResponse<String> r = ListenRun.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + found + "/paismo")).timeout(Duration.ofSeconds(20))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BODY)).build());
            assertThat(r.statusCode()).isEqualTo(200);
            while (System.nanoTime() < deadline && !out.toString(StandardCharsets.UTF_8).contains("bytes, ")) {
                Thread.sleep(20);
            }
        } finally {
            t.interrupt();
            t.join(30_000);
        }
        assertThat(exit.get()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
