package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.EndlessServer;
import dev.hooks.testing.Heap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged listener as its own process, forwarding to an app that answers without end: each delivery is still
 * answered, the process stays within a few hundred MB resident, and SIGTERM stops it with its summary.
 */
class ListenProcessBoundsIT {
    @TempDir
    Path home;

    @Test
    void anEndlessForwardAnswerLeavesTheProcessBoundedAndStoppableBySigterm() throws Exception {
        assertThat(JarIT.JAR).exists();
        try (EndlessServer app = EndlessServer.endlessBody()) {
            Path err = home.resolve("err.txt");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JarIT.JAR.toString(), "listen", "--port", "0", "--provider", "paismo", "--secret", "s3cret",
                    "--forward-to", app.url("/app"), "--forward-timeout", "60s", "--store", home.resolve("h.db").toString(),
                    "--format", "json");
            pb.environment().put("HOME", home.toString());
            pb.redirectOutput(home.resolve("out.txt").toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try {
                int port = awaitPort(err, p);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < 8; i++) {
                    byte[] body = ("{\"event_type\":\"employee.created\",\"event_id\":\"evt_" + i + "\",\"data\":{}}")
                            .getBytes(StandardCharsets.UTF_8);
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .header("X-Paismo-Signature", hmac(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                assertThat(rssBytes(p.pid())).isLessThan(Heap.mib(600));
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
                assertThat(Files.readString(err)).contains("received 8").contains("stored 8");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static int awaitPort(Path err, Process p) throws Exception {
        Pattern port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = port.matcher(Files.readString(err));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("hooks listen did not start: " + Files.readString(err));
    }

    private static long rssBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                List<String> parts = List.of(line.split("\\s+"));
                return Long.parseLong(parts.get(1)) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
