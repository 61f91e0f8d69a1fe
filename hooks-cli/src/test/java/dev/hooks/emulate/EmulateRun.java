package dev.hooks.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.Main;
import dev.hooks.listen.ListenRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hooks emulate ...} run through the production entry point on a thread, on port 0, with its own home and
 * history; its first JSON line gives the URL. Requests go out with plain java.net.http, as a user's code would.
 */
final class EmulateRun implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);
    final JsonNode ready;
    final String url;
    final String key;

    private EmulateRun(Path home, String key, String store, Map<String, String> extraEnv, String... args) {
        this.key = key;
        List<String> all = new ArrayList<>(List.of("emulate", "--port", "0", "--format", "json", "--api-key", key,
                "--store", store));
        all.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("HOME", home.toString());
        env.put("NO_COLOR", "1");
        thread = new Thread(() -> exit.set(Main.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)),
                "hooks-emulate-under-test");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode found = null;
        while (System.nanoTime() < deadline && thread.isAlive() && found == null) {
            String text = text(out);
            int nl = text.indexOf('\n');
            if (nl > 0) {
                try {
                    found = JSON.readTree(text.substring(0, nl));
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + text);
                }
            }
            sleep(10);
        }
        if (found == null) {
            throw new AssertionError("hooks emulate did not start (exit " + exit.get() + "):\n" + text(err) + text(out));
        }
        ready = found;
        url = found.get("url").asText();
    }

    static EmulateRun start(Path home, String... args) {
        return startOn(home, home.resolve("history.db").toString(), Map.of(), args);
    }

    /** With its state in the history {@code store} (a file or a database URL), and {@code env} added. */
    static EmulateRun startOn(Path home, String store, Map<String, String> env, String... args) {
        return new EmulateRun(home, "test-key-" + System.nanoTime(), store, env, args);
    }

    /** A request with the bearer key (and any extra headers given as name, value pairs). */
    HttpResponse<String> call(String method, String path, Object body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return raw(b, method, body);
    }

    /** A request without credentials. */
    HttpResponse<String> anonymous(String method, String path, Object body) {
        return raw(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)), method, body);
    }

    private static HttpResponse<String> raw(HttpRequest.Builder b, String method, Object body) {
        String text;
        try {
            text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        return ListenRun.send(b.build());
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body());
        }
    }

    /** POST /_emulator/emit, returning the answer. */
    JsonNode emit(String provider, String event, String... sets) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("event", event);
        if (provider != null) {
            body.put("provider", provider);
        }
        body.put("set", List.of(sets));
        HttpResponse<String> r = anonymous("POST", "/_emulator/emit", body);
        if (r.statusCode() != 200) {
            throw new AssertionError("emit answered " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    String err() {
        return text(err);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
