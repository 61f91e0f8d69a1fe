package dev.hooks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run the launcher records its class-data-sharing archive (Java 17-24) or AOT cache (Java 25 and
 * later) from: the commands people run, each once, in one JVM, so the archive holds what they load rather than
 * whatever the first command happened to load. It signs and verifies (the direct path and picocli's), encrypts,
 * decrypts, makes keys, lists providers, and starts a listener with a history, sends it deliveries and stops it.
 *
 * <p>Everything it writes (history, config, output) stays in the directory it is given; nothing reaches the user's
 * files, the terminal or the network beyond 127.0.0.1. {@code java -cp hooks.jar dev.hooks.Training DIR}.
 */
public final class Training {
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"(http://[^\"]+)\"");

    private Training() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "."));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"id\":\"evt_1\",\"type\":\"employee.created\",\"data\":{\"employee_id\":\"e_42\"}}");
        String file = body.toString();

        run(env, "sign", "--provider", "github", "--secret", "s3cret", "--format", "value", file);
        run(env, "sign", "--provider", "stripe", "--secret", "s3cret", file);
        run(env, "sign", "--provider", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--format", "json", file);
        String signature = run(env, "sign", "--provider", "paismo", "--secret", "s3cret", "--format", "value", file).trim();
        run(env, "verify", "--provider", "paismo", "--secret", "s3cret", "--signature", signature, file);
        run(env, "verify", "--provider", "github", "--secret", "s3cret", "-H", "X-Hub-Signature-256: sha256=00", file);
        String key = run(env, "keygen", "--type", "aes").trim();
        run(env, "keygen");
        String sealed = run(env, "encrypt", "--encryption-key", key, file);
        Matcher iv = Pattern.compile("\"iv\"\\s*:\\s*\"([^\"]+)\"").matcher(sealed);
        Matcher ct = Pattern.compile("\"body\"\\s*:\\s*\"([^\"]+)\"").matcher(sealed);
        if (iv.find() && ct.find()) {
            Path encrypted = dir.resolve("body.txt");
            Files.writeString(encrypted, ct.group(1));
            run(env, "decrypt", "--encryption-key", key, "--iv", iv.group(1), encrypted.toString());
        }
        run(env, "providers");
        run(env, "providers", "show", "paismo");
        run(env, "--version");
        run(env, "sign", "--help");
        listenAndSend(env, dir);
        // The listener's threads are not daemons: end the run here, as a command's Main does.
        System.exit(0);
    }

    /** A listener with a history on a free port, a few deliveries sent to it, then stopped. */
    private static void listenAndSend(Map<String, String> env, Path dir) throws Exception {
        Sink out = new Sink();
        Thread listener = new Thread(() -> Main.run(new String[] {"listen", "--provider", "paismo", "--secret", "s3cret",
                "--port", "0", "--no-inspector", "--store", dir.resolve("history.db").toString(), "--format", "json"},
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), env), "training-listen");
        listener.setDaemon(true);
        listener.start();
        String url = null;
        for (int i = 0; i < 600 && url == null && listener.isAlive(); i++) {
            Matcher m = URL.matcher(out.text());
            if (m.find()) {
                url = m.group(1);
            } else {
                Thread.sleep(50);
            }
        }
        if (url == null) {
            return;
        }
        String to = url.replaceAll("/+$", "") + "/paismo";
        run(env, "send", "employee.updated", "--provider", "paismo", "--secret", "s3cret", "--to", to);
        run(env, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret", "--to", to,
                "--format", "json");
        run(env, "send", "employee.updated", "--provider", "paismo", "--secret", "s3cret", "--to", to,
                "--count", "50", "--concurrency", "4");
        run(env, "events", "list", "--store", dir.resolve("history.db").toString());
        listener.interrupt();
    }

    private static String run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), env);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Collects a listener's output for the ready line; safe to read while it is written. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {}
    }
}
