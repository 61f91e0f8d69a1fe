package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the listener process during a burst: every delivery answered 2xx is in the history after restart. */
class ListenDurabilityIT {
    @TempDir
    Path home;

    @Test
    void everyDeliveryAnswered2xxSurvivesKill9() throws Exception {
        Path jar = dev.hooks.testing.Project.jar();
        assertThat(jar).as("run 'mvn package' first: this test starts the real jar").exists();
        Path db = home.resolve("history.db");
        byte[] body = "{\"event_type\":\"employee.updated\",\"event_id\":\"evt_burst\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        String signature = new Signed().add("paismo", "s3cret", body, null).run().get(0).get("X-Paismo-Signature");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString(), "listen", "--provider", "paismo", "--port", "0",
                "--store", db.toString(), "--format", "json");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("HOOKS_SECRET", "s3cret");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            int port = portOf(p);
            URI url = URI.create("http://127.0.0.1:" + port + "/webhook");
            AtomicBoolean go = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int t = 0; t < 16; t++) {
                pool.submit(() -> {
                    while (go.get()) {
                        try {
                            HttpResponse<String> r = ListenRun.HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                                    .header("X-Paismo-Signature", signature).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() / 100 == 2) {
                                acknowledged.add(ListenRun.idOf(r));
                            }
                        } catch (Exception killed) {
                            // the listener is gone; keep trying until told to stop
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (acknowledged.size() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            p.destroyForcibly(); // SIGKILL, mid-burst
            p.waitFor(10, TimeUnit.SECONDS);
            go.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(500);
        try (DeliveryStore store = DeliveryStore.open(db)) {
            List<StoredDelivery> all = store.list(Query.all());
            Set<String> stored = all.stream().map(StoredDelivery::id).collect(Collectors.toSet());
            Set<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).collect(Collectors.toSet());
            assertThat(lost).as("acknowledged with a 2xx but not in the history after kill -9").isEmpty();
            assertThat(all).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        }
        assertThat(Files.size(db)).isPositive();
    }

    private static int portOf(Process p) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = port.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (Exception ignored) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the listener did not start:\n" + seen);
    }
}
