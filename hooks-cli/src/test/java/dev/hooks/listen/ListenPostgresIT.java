package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoreSettings;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.PostgresServer;
import dev.hooks.testing.Project;
import dev.hooks.testing.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A team's receiver: several {@code hooks listen} processes on one PostgreSQL history, on a real server. Every
 * delivery answered 2xx is in the history even when a listener is killed under load; {@code events wait} elsewhere
 * sees what a listener received; each inspector follows every listener live; a server away answers 503 and the
 * listener recovers by itself; nothing secret reaches the database.
 */
class ListenPostgresIT {
    static final String SECRET = "s3cret";
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();

    @TempDir
    Path home;


    /** A listener in a JVM of its own, on the real jar, so that it can be killed with SIGKILL. */
    private static final class Listener implements AutoCloseable {
        final Process process;
        final int port;
        final String banner;
        final Path out;

        Listener(Path home, String url, String name, String format) throws IOException {
            Path jar = Project.jar();
            assertThat(jar).as("run 'mvn package' first: this test starts the real jar").exists();
            out = Files.createTempFile(home, "listen-", ".out");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString(), "listen", "--provider", "paismo", "--port",
                    "0", "--store", url, "--format", format));
            if (name != null) {
                cmd.addAll(List.of("--name", name));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("HOME", home.toString());
            pb.environment().put("HOOKS_SECRET", SECRET);
            pb.environment().put("NO_COLOR", "1");
            pb.environment().putAll(PG.server().env());
            pb.redirectOutput(out.toFile());
            process = pb.start();
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = err.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("Ctrl-C to stop.")) {
                    break;
                }
            }
            banner = seen.toString();
            Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(banner);
            if (line == null || !m.find()) {
                process.destroyForcibly();
                throw new AssertionError("the listener did not start:\n" + banner);
            }
            port = Integer.parseInt(m.group(1));
            Thread drain = new Thread(() -> {
                try {
                    err.transferTo(java.io.Writer.nullWriter());
                } catch (IOException gone) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
        }

        String token() {
            Matcher m = Pattern.compile("inspector on \\S+[?&]token=([^&\\s]+)").matcher(banner);
            assertThat(m.find()).as(banner).isTrue();
            return m.group(1);
        }

        HttpResponse<String> send(String eventType, String eventId) throws Exception {
            byte[] body = ("{\"event_type\":\"" + eventType + "\",\"event_id\":\"" + eventId + "\",\"data\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
            String signature = new Signed().add("paismo", SECRET, body, null).run().get(0).get("X-Paismo-Signature");
            return ListenRun.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                    .timeout(Duration.ofSeconds(20)).header("X-Paismo-Signature", signature)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Map<String, String> env() {
        return new HashMap<>(PG.server().env());
    }

    @Test
    void twoListenersShareTheHistoryEveryAcknowledgedDeliverySurvivesKill9AndEachSeesTheOthersLive() throws Exception {
        String url = PG.server().freshDatabase();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (Listener a = new Listener(home, url, "a", "json"); Listener b = new Listener(home, url, "b", "json")) {
            assertThat(a.banner).contains("history " + url + " as a").doesNotContain(PostgresServer.PASSWORD);

            // b's inspector follows a's deliveries live (LISTEN/NOTIFY), and events wait elsewhere sees them.
            HttpResponse<InputStream> stream = ListenRun.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + b.port + "/_hooks/api/stream"))
                    .header("Authorization", "Bearer " + b.token()).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() -> CliRun.run(home, env(), new byte[0],
                    "events", "wait", "--store", url, "--event-type", "employee.terminated", "--timeout", "60s",
                    "--format", "json"));
            HttpResponse<String> toA = a.send("employee.terminated", "evt_live");
            assertThat(toA.statusCode()).as(toA.body()).isEqualTo(200);
            String liveId = ListenRun.idOf(toA);
            CliRun waited = waiting.get(90, TimeUnit.SECONDS);
            assertThat(waited.exitCode()).as(waited.err()).isZero();
            assertThat(waited.out()).contains(liveId);
            assertThat(readUntil(stream.body(), liveId)).as("b's live stream shows a's delivery").contains(liveId);
            stream.body().close();

            // Both at once, under load; then a is killed with SIGKILL and b goes on.
            AtomicBoolean go = new AtomicBoolean(true);
            AtomicInteger toBAfterKill = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            AtomicInteger n = new AtomicInteger();
            for (int t = 0; t < 16; t++) {
                Listener target = t % 2 == 0 ? a : b;
                pool.submit(() -> {
                    while (go.get() && !(target == a && killed.get())) { // a's senders stop with a
                        try {
                            HttpResponse<String> r = target.send("employee.updated", "evt_" + n.incrementAndGet());
                            if (r.statusCode() / 100 == 2) {
                                acknowledged.add(ListenRun.idOf(r));
                                if (target == b && killed.get()) {
                                    toBAfterKill.incrementAndGet();
                                }
                            }
                        } catch (Exception gone) {
                            // a is being killed: its senders stop at the next turn
                        }
                    }
                    return null;
                });
            }
            // Counts, not timings: the machine may be slow; each wait has a generous bound of its own.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            a.process.destroyForcibly(); // SIGKILL, mid-burst
            a.process.waitFor(10, TimeUnit.SECONDS);
            killed.set(true);
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (toBAfterKill.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            go.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(toBAfterKill.get()).as("b answers on after a is killed").isGreaterThanOrEqualTo(20);
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(220);
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            List<StoredDelivery> all = store.list(Query.all());
            Set<String> stored = all.stream().map(StoredDelivery::id).collect(Collectors.toSet());
            assertThat(stored).hasSameSizeAs(all);
            Set<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).collect(Collectors.toSet());
            assertThat(lost).as("acknowledged with a 2xx but not in the history after kill -9").isEmpty();
        }
        try (Connection c = PG.server().connect(PostgresServer.database(url)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT listener FROM deliveries ORDER BY 1")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("a", "b");
        }
    }

    /** A signed paismo delivery to an in-process listener; the id it was stored under. */
    private static String deliver(ListenRun listen, String eventId) {
        byte[] body = ("{\"event_type\":\"employee.updated\",\"event_id\":\"" + eventId + "\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(new Signed().add("paismo", SECRET, body, null).run().get(0));
        headers.put("Content-Type", "application/json");
        HttpResponse<String> r = listen.post("/webhook", body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ListenRun.idOf(r);
    }

    @Test
    void eachDeliveryNamesTheListenerThatReceivedItInListenEventsAndTheInspector() throws Exception {
        String url = PG.server().freshDatabase();
        Map<String, String> env = env();
        env.put("HOOKS_SECRET", SECRET);
        String toA;
        String toB;
        try (ListenRun a = ListenRun.start(home, env, "--provider", "paismo", "--store", url, "--name", "alpha");
             ListenRun b = ListenRun.start(home, env, "--provider", "paismo", "--store", url, "--name",
                     "bravo-receiver-2")) {
            // b's live view of a's delivery, which comes through LISTEN/NOTIFY, names a.
            HttpResponse<InputStream> stream = ListenRun.HTTP.send(HttpRequest.newBuilder(b.url("/_hooks/api/stream"))
                    .header("Authorization", "Bearer " + b.token()).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            toA = deliver(a, "evt_to_alpha");
            String live = readUntil(stream.body(), toA);
            stream.body().close();
            assertThat(live.lines().filter(l -> l.contains(toA))).singleElement().asString()
                    .contains("\"listener\":\"alpha\"");
            toB = deliver(b, "evt_to_bravo");
            // Each listener's own line names it; the other's inspector names the listener that received it.
            assertThat(a.line(toA).path("listener").asText()).isEqualTo("alpha");
            assertThat(b.line(toB).path("listener").asText()).isEqualTo("bravo-receiver-2");
            JsonNode seenByB = ListenRun.JSON.readTree(b.inspector("/_hooks/api/deliveries/" + toA).body());
            assertThat(seenByB.path("listener").asText()).isEqualTo("alpha");
            JsonNode listedByA = ListenRun.JSON.readTree(a.inspector("/_hooks/api/deliveries?limit=10").body());
            assertThat(listedByA.toString()).contains("\"listener\":\"bravo-receiver-2\"");
        }

        List<String> text = CliRun.run(home, env, new byte[0], "events", "list", "--store", url).succeeds().out()
                .lines().toList();
        assertThat(text).hasSize(3);
        int column = text.get(0).indexOf("LISTENER");
        assertThat(column).as(text.get(0)).isPositive();
        assertThat(text.get(0).indexOf("TIME")).isGreaterThan(column);
        Map<String, String> listedBy = new HashMap<>();
        for (String row : text.subList(1, 3)) {
            String shortId = row.substring(0, row.indexOf(' '));
            listedBy.put(toA.endsWith(shortId) ? toA : toB, row.substring(column, row.indexOf(' ', column)));
        }
        assertThat(listedBy).isEqualTo(Map.of(toA, "alpha", toB, "bravo-receiver-2"));

        Map<String, String> inJson = new HashMap<>();
        for (String line : CliRun.run(home, env, new byte[0], "events", "list", "--store", url, "--format", "json")
                .succeeds().out().lines().toList()) {
            JsonNode n = ListenRun.JSON.readTree(line);
            inJson.put(n.path("id").asText(), n.path("listener").asText());
        }
        assertThat(inJson).isEqualTo(Map.of(toA, "alpha", toB, "bravo-receiver-2"));

        assertThat(CliRun.run(home, env, new byte[0], "events", "show", toB, "--store", url).succeeds().out().lines())
                .contains("listener    bravo-receiver-2");
        assertThat(ListenRun.JSON.readTree(CliRun.run(home, env, new byte[0], "events", "show", toA, "--store", url,
                "--format", "json").succeeds().out()).path("listener").asText()).isEqualTo("alpha");
        List<String> exported = CliRun.run(home, env, new byte[0], "events", "export", "--store", url).succeeds().out()
                .lines().map(l -> {
                    try {
                        return ListenRun.JSON.readTree(l).path("listener").asText();
                    } catch (IOException e) {
                        throw new AssertionError(l, e);
                    }
                }).toList();
        assertThat(exported).containsExactly("alpha", "bravo-receiver-2");
        JsonNode waited = ListenRun.JSON.readTree(CliRun.run(home, env, new byte[0], "events", "wait", "--store", url,
                "--count", "2", "--timeout", "30s", "--format", "json").succeeds().out());
        assertThat(waited.path("matched").findValuesAsText("listener")).containsExactlyInAnyOrder("alpha",
                "bravo-receiver-2");
    }

    @Test
    void theInspectorOfOneListenerNamesTheListenerThatReceivedADelivery() throws Exception {
        Path chromium = Requirements.command("chromium", "apt-get install chromium chromium-driver");
        Path chromedriver = Requirements.command("chromedriver", "apt-get install chromium-driver");
        String url = PG.server().freshDatabase();
        Map<String, String> env = env();
        env.put("HOOKS_SECRET", SECRET);
        try (ListenRun a = ListenRun.start(home, env, "--provider", "paismo", "--store", url, "--name", "alpha");
             ListenRun b = ListenRun.start(home, env, "--provider", "paismo", "--store", url, "--name", "bravo")) {
            String toA = deliver(a, "evt_seen_in_b");
            WebDriver browser = InspectorBrowserIT.chromium(chromium, chromedriver, home);
            try {
                browser.get(b.inspectorUrl() + "#" + toA);
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                        d -> d.findElement(By.id("d-meta")).getText().contains(toA));
                assertThat(browser.findElement(By.id("d-meta")).getText()).contains("listener alpha")
                        .doesNotContain("bravo");
            } finally {
                browser.quit();
            }
        }
    }

    /** What a live stream sends until {@code wanted} appears in it (or 30 s pass). */
    private static String readUntil(InputStream in, String wanted) throws Exception {
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.contains(wanted)) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test closes the stream
            }
            synchronized (seen) {
                return seen.toString();
            }
        });
        try {
            return reading.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (seen) {
                return seen.toString();
            }
        }
    }

    @Test
    void theServerAwayAnswers503AndNotStoredAndTheListenerRecoversWithoutARestart() throws Exception {
        String url = PG.server().freshDatabase();
        String before;
        String after;
        try (Listener l = new Listener(home, url, null, "text")) {
            HttpResponse<String> ok = l.send("employee.updated", "evt_before");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            before = ListenRun.idOf(ok);
            PG.server().stop();
            try {
                HttpResponse<String> down = l.send("employee.updated", "evt_down");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("cannot record the delivery").doesNotContain(PostgresServer.PASSWORD);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!l.output().contains("NOT STORED") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(l.output()).contains("NOT STORED: cannot save to history postgresql://hooks@127.0.0.1:")
                        .doesNotContain(PostgresServer.PASSWORD);
            } finally {
                PG.server().start();
            }
            // The pool connects again by itself: the same process answers 200 once the server is back.
            HttpResponse<String> again = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && (again == null || again.statusCode() != 200)) {
                again = l.send("employee.updated", "evt_after");
            }
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            after = ListenRun.idOf(again);
            assertThat(l.process.isAlive()).isTrue();
        }
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            assertThat(store.find(before)).isPresent();
            assertThat(store.find(after)).isPresent();
            assertThat(store.list(Query.all())).extracting(StoredDelivery::eventId).doesNotContain("evt_down");
        }
    }

    @Test
    void aPgDumpOfTheHistoryHoldsNoSecretTokenOrPassword() throws Exception {
        String url = PG.server().freshDatabase();
        String withPassword = url.replace("hooks@", "hooks:" + PostgresServer.PASSWORD + "@");
        String token;
        try (ListenRun listen = ListenRun.start(home, Map.of(), "--provider", "teal", "--secret",
                ListenKnownSecretsIT.SECRET, "--encryption-key", ListenKnownSecretsIT.KEY, "--store", withPassword)) {
            token = listen.token();
            List<String> requests = new ArrayList<>();
            for (String value : List.of(ListenKnownSecretsIT.SECRET, ListenKnownSecretsIT.KEY, token)) {
                requests.addAll(ListenKnownSecretsIT.carrying(value));
            }
            for (String r : requests) {
                assertThat(ListenSecretsIT.send(listen.port(), r)).startsWith("HTTP/1.1 ");
            }
            listen.awaitLines(requests.size());
            assertThat(listen.banner()).doesNotContain(PostgresServer.PASSWORD);
            assertThat(listen.stop()).isZero();
            assertThat(listen.err() + listen.out()).doesNotContain(PostgresServer.PASSWORD);
        }
        String dump = PG.server().dump(PostgresServer.database(url));
        assertThat(dump).contains("COPY public.deliveries");
        List<String> forbidden = new ArrayList<>();
        for (String value : List.of(ListenKnownSecretsIT.SECRET, ListenKnownSecretsIT.KEY, token)) {
            forbidden.addAll(ListenKnownSecretsIT.encodings(value));
        }
        forbidden.addAll(ListenKnownSecretsIT.encodings(PostgresServer.PASSWORD));
        ListenKnownSecretsIT.assertNone(forbidden, "pg_dump of the history", dump);
        ListenKnownSecretsIT.assertNone(forbidden, "events export", CliRun.run(home, env(), new byte[0], "events", "export",
                "--store", url).succeeds().out());
    }
}
