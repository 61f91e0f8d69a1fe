package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hooks listen ...} run through the production entry point ({@link Main#run}) on a thread, on port 0, with its
 * own home; interrupting it is Ctrl-C. Reads the real port from the banner and the JSON lines it prints.
 */
public final class ListenRun implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORT = Pattern.compile("listening on http://\\S+?:(\\d+)/");
    private static final Pattern INSPECTOR = Pattern.compile("inspector on (http://\\S+)");
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Buffer out = new Buffer();
    private final Buffer err = new Buffer();
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);
    private final int port;

    private ListenRun(Path home, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("NO_COLOR", "1");
        env.putAll(extraEnv);
        List<String> all = new ArrayList<>(List.of("listen", "--port", "0", "--format", "json"));
        all.addAll(List.of(args));
        thread = new Thread(() -> exit.set(Main.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)),
                "hooks-listen-under-test");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int found = -1;
        while (System.nanoTime() < deadline && thread.isAlive()) {
            Matcher m = PORT.matcher(err.text());
            if (m.find()) {
                found = Integer.parseInt(m.group(1));
                break;
            }
            sleep(10);
        }
        if (found < 0) {
            sleep(200);
            throw new AssertionError("hooks listen did not start (exit " + exit.get() + "):\n" + err.text() + out.text());
        }
        port = found;
    }

    public static ListenRun start(Path home, String... args) {
        return new ListenRun(home, Map.of(), args);
    }

    public static ListenRun start(Path home, Map<String, String> env, String... args) {
        return new ListenRun(home, env, args);
    }

    public int port() {
        return port;
    }

    /** The whole banner (what is printed to stderr up to "Ctrl-C to stop."), once it is printed. */
    public String banner() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String text = err.text();
            int end = text.indexOf("Ctrl-C to stop.");
            if (end >= 0) {
                return text.substring(0, end);
            }
            sleep(10);
        }
        throw new AssertionError("no banner:\n" + err.text());
    }

    /** The inspector URL the banner printed, with its token. */
    public String inspectorUrl() {
        Matcher m = INSPECTOR.matcher(banner());
        if (!m.find()) {
            throw new AssertionError("no inspector URL in the banner:\n" + err.text());
        }
        return m.group(1);
    }

    /** The token the printed inspector URL carries. */
    public String token() {
        return inspectorUrl().replaceFirst(".*[?&]token=([^&]+).*", "$1");
    }

    /** GET of a control-plane path from this machine, with the run's token (as a script would send it). */
    public HttpResponse<String> inspector(String pathAndQuery) {
        return send(HttpRequest.newBuilder(url(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token()).GET().build());
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(url(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request " + r.uri() + " failed: " + e, e);
        }
    }

    /** The delivery id the listener put in an accepted answer. */
    public static String idOf(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError("no id in answer " + r.statusCode() + " " + r.body());
        }
    }

    /** The delivery lines printed so far (those with {@code "type":"delivery"}). */
    public List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : allLines()) {
            if (n.path("type").asText().equals("delivery")) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every JSON line printed so far: the ready line, deliveries, tunnel events. */
    public List<JsonNode> allLines() {
        List<JsonNode> out = new ArrayList<>();
        for (String l : this.out.text().split("\n")) {
            if (!l.isBlank()) {
                try {
                    out.add(JSON.readTree(l));
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + l);
                }
            }
        }
        return out;
    }

    /** Waits for a JSON line of this {@code type} whose {@code field} is {@code value}, after the first {@code skip} such. */
    public JsonNode await(String type, String field, String value, int skip) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int seen = 0;
            for (JsonNode n : allLines()) {
                if (n.path("type").asText().equals(type) && (field == null || n.path(field).asText().equals(value))
                        && seen++ >= skip) {
                    return n;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no " + type + " line with " + field + "=" + value + ":\n" + out.text() + "\nstderr:\n" + err.text());
    }

    /** Waits until at least {@code n} lines are printed, and returns them. */
    public List<JsonNode> awaitLines(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> l = lines();
            if (l.size() >= n) {
                return l;
            }
            sleep(10);
        }
        throw new AssertionError("expected " + n + " lines, got:\n" + out.text() + "\nstderr:\n" + err.text());
    }

    /** The line printed for the delivery with this id (the id is in every accepted answer). */
    public JsonNode line(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode n : lines()) {
                if (id.equals(n.path("id").asText())) {
                    return n;
                }
            }
            sleep(10);
        }
        throw new AssertionError("no line for " + id + ":\n" + out.text());
    }

    /** The last line, once {@code count} lines are printed. */
    public JsonNode last(int count) {
        List<JsonNode> l = awaitLines(count);
        return l.get(count - 1);
    }

    public String out() {
        return out.text();
    }

    public String err() {
        return err.text();
    }

    /** Ctrl-C: returns the exit code once the command has finished. */
    public int stop() {
        thread.interrupt();
        try {
            thread.join(40_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as("listener still running after stop; stderr:\n%s", err.text()).isFalse();
        return exit.get();
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            stop();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
