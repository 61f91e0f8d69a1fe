package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.NetworkNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * Another machine (a network namespace) opens more idle connections to the packaged listener than the listener's
 * process may open file descriptors ({@code ulimit -n}): deliveries from this machine and the inspector still answer
 * during the flood (without the caps they waited for the idle timeout, 30 s, to free descriptors), and the idle
 * connections the listener took are closed within that timeout.
 */
class ListenConnectionFloodIT {
    static final int DESCRIPTORS = 1024;
    static final int FLOOD = 1600;

    /** The other machine's client: opens COUNT connections and sends nothing on them. */
    static final String FLOOD_SOURCE = """
            import java.io.*;
            import java.net.*;
            import java.util.*;

            public class Flood {
                public static void main(String[] a) throws Exception {
                    List<Socket> open = Collections.synchronizedList(new ArrayList<>());
                    java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(64);
                    for (int i = 0; i < Integer.parseInt(a[2]); i++) {
                        pool.execute(() -> {
                            Socket s = new Socket();
                            try {
                                s.connect(new InetSocketAddress(a[0], Integer.parseInt(a[1])), 1000);
                                open.add(s);
                            } catch (IOException e) {
                                failed.incrementAndGet();
                            }
                        });
                    }
                    pool.shutdown();
                    pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
                    System.out.println("connected " + open.size() + " failed " + failed);
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    // Each line asks how many of them the listener has closed so far.
                    while (in.readLine() != null) {
                        int closed = 0;
                        for (Socket s : open) {
                            try {
                                s.setSoTimeout(1);
                                if (s.getInputStream().read() < 0) {
                                    closed++;
                                }
                            } catch (SocketTimeoutException stillOpen) {
                                // open
                            } catch (IOException reset) {
                                closed++;
                            }
                        }
                        System.out.println("closed " + closed + " of " + open.size());
                    }
                }
            }
            """;

    @TempDir
    Path home;

    @Test
    void idleConnectionsFromAnotherMachineBeyondTheDescriptorLimitLeaveLoopbackAndTheInspectorAnswering() throws Exception {
        assertThat(JarIT.JAR).exists();
        try (NetworkNamespace other = NetworkNamespace.create()) {
            Path err = home.resolve("err.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + DESCRIPTORS + " && exec \"$@\"", "listen",
                    java, "-jar", JarIT.JAR.toString(), "listen", "--host", "0.0.0.0", "--port", "0", "--provider",
                    "paismo", "--secret", "s3cret", "--store", home.resolve("h.db").toString());
            pb.environment().put("HOME", home.toString());
            pb.redirectOutput(home.resolve("out.txt").toFile()).redirectError(err.toFile());
            Process listen = pb.start();
            Process flood = null;
            try {
                int port = Integer.parseInt(await(err, listen, Pattern.compile("listening on http://\\S+?:(\\d+)/")));
                String inspector = await(err, listen, Pattern.compile("inspector on (http://\\S+)"));
                String token = inspector.replaceFirst(".*[?&]token=([^&]+).*", "$1");
                Path source = home.resolve("Flood.java");
                Files.writeString(source, FLOOD_SOURCE);
                flood = other.start(List.of(java, source.toString(), other.hostAddress(), Integer.toString(port),
                        Integer.toString(FLOOD)));
                BufferedReader floodOut = new BufferedReader(new InputStreamReader(flood.getInputStream(), StandardCharsets.UTF_8));
                OutputStream floodIn = flood.getOutputStream();
                String connected = floodOut.readLine();
                assertThat(connected).as("the flood's report").startsWith("connected ");

                // While the other machine holds its connections: this machine's deliveries and the inspector answer.
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                for (int i = 0; i < 10; i++) {
                    byte[] body = ("{\"event_type\":\"employee.created\",\"event_id\":\"evt_" + i + "\",\"data\":{}}")
                            .getBytes(StandardCharsets.UTF_8);
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                            .header("X-Paismo-Signature", hmac(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/_hooks/api/deliveries")).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
                assertThat(info.body()).contains("evt_9");
                assertThat(Files.list(Path.of("/proc", Long.toString(listen.pid()), "fd")).count()).isLessThan(DESCRIPTORS);

                // None of the flood's connections sent a request line: every one is closed within the idle timeout.
                String closed = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (System.nanoTime() < deadline) {
                    floodIn.write('\n');
                    floodIn.flush();
                    closed = floodOut.readLine();
                    Matcher m = Pattern.compile("closed (\\d+) of (\\d+)").matcher(closed == null ? "" : closed);
                    if (m.matches() && m.group(1).equals(m.group(2))) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(closed).as(connected).matches("closed (\\d+) of \\1");
            } finally {
                if (flood != null) {
                    flood.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                listen.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String await(Path err, Process p, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = pattern.matcher(Files.readString(err));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("hooks listen did not start: " + Files.readString(err));
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
