package dev.hooks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run the launcher records its class-data-sharing archives (Java 17-24) or AOT caches (Java 25 and
 * later) from: the commands people run, each once, in one JVM, so a cache holds what they load rather than whatever
 * the first command happened to load. In three parts, a cache each, as the launcher runs them: {@code direct} signs
 * and verifies as Main does without picocli (a cache of those classes alone maps and loads fastest); {@code short} signs and
 * verifies (the direct path and picocli's), encrypts, decrypts, makes keys, lists providers and sends one delivery;
 * {@code long} starts a listener with a history, sends it deliveries one by one and under load, and stops it.
 *
 * <p>Everything it writes (history, config, output) stays in the directory it is given; nothing reaches the user's
 * files, the terminal or the network beyond 127.0.0.1. {@code java -cp hooks.jar dev.hooks.Training direct|short|long DIR}.
 */
public final class Training {
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"(http://[^\"]+)\"");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

    private Training() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "."));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"id\":\"evt_1\",\"type\":\"employee.created\",\"data\":{\"employee_id\":\"e_42\"}}");
        String file = body.toString();
        String part = args.length > 0 ? args[0] : "short";
        if (part.equals("long")) {
            listenAndSend(env, dir);
        } else if (part.equals("direct")) {
            directCommands(env, file);
        } else {
            shortCommands(env, dir, file);
        }
        // The listener's threads are not daemons: end the run here, as a command's Main does.
        System.exit(0);
    }

    /**
     * Plain signs and verifies, of a file and of standard input, and keys made: command lines Main runs without
     * picocli that leave the JCE alone (encrypt and decrypt set it up, and their classes in this cache would slow
     * every sign on Java 25, where an AOT cache loads all its classes at start).
     */
    private static void directCommands(Map<String, String> env, String file) {
        String signature = run(env, "sign", "--provider", "github", "--secret", "s3cret", "--format", "value", file).trim();
        run(env, "sign", "--provider", "github", "--secret", "s3cret");
        run(env, "sign", "--provider", "stripe", "--secret", "s3cret", file);
        run(env, "sign", "--provider", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--format", "json", file);
        run(env, "sign", "--provider", "paismo", "--secret", "s3cret", "--format", "value", file);
        run(env, "verify", "--provider", "github", "--secret", "s3cret", "--signature", signature, file);
        run(env, "verify", "--provider", "github", "--secret", "s3cret", "-H", "X-Hub-Signature-256: sha256=00", file);
        run(env, "verify", "--provider", "stripe", "--secret", "s3cret", "-H", "Stripe-Signature: t=1,v1=00",
                "--format", "json", file);
        run(env, "verify", "--provider", "github", "--secret", "s3cret", "--signature", signature);
        run(env, "keygen", "--type", "aes");
        run(env, "keygen");
        run(env, "keygen", "--type", "whsec");
    }

    /** Encrypts the body as JSON and as a bare body, and decrypts what came out. */
    private static void encryptAndDecrypt(Map<String, String> env, Path dir, String key, String file) throws IOException {
        run(env, "encrypt", "--encryption-key", key, "--format", "body", file);
        String sealed = run(env, "encrypt", "--encryption-key", key, file);
        Matcher iv = Pattern.compile("\"iv\"\\s*:\\s*\"([^\"]+)\"").matcher(sealed);
        Matcher ct = Pattern.compile("\"body\"\\s*:\\s*\"([^\"]+)\"").matcher(sealed);
        if (iv.find() && ct.find()) {
            Path encrypted = dir.resolve("body.txt");
            Files.writeString(encrypted, ct.group(1));
            run(env, "decrypt", "--encryption-key", key, "--iv", iv.group(1), encrypted.toString());
        }
    }

    private static void shortCommands(Map<String, String> env, Path dir, String file) throws IOException {
        run(env, "sign", "--provider", "github", "--secret", "s3cret", "--format", "value", file);
        run(env, "sign", "--provider", "stripe", "--secret", "s3cret", file);
        run(env, "sign", "--provider", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--format", "json", file);
        String signature = run(env, "sign", "--provider", "paismo", "--secret", "s3cret", "--format", "value", file).trim();
        run(env, "verify", "--provider", "paismo", "--secret", "s3cret", "--signature", signature, file);
        run(env, "verify", "--provider", "github", "--secret", "s3cret", "-H", "X-Hub-Signature-256: sha256=00", file);
        String key = run(env, "keygen", "--type", "aes").trim();
        run(env, "keygen");
        encryptAndDecrypt(env, dir, key, file);
        run(env, "providers");
        run(env, "providers", "show", "paismo");
        run(env, "--version");
        run(env, "sign", "--help");
        try (ServerSocket receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(receiver), "training-receiver");
            answering.setDaemon(true);
            answering.start();
            String to = "http://127.0.0.1:" + receiver.getLocalPort() + "/webhook";
            run(env, "send", "employee.updated", "--provider", "paismo", "--secret", "s3cret", "--to", to);
            run(env, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret", "--to", to,
                    "--format", "json");
        }
    }

    /** A receiver for the short part's sends, without the listener's classes: 200 to each request, then close. */
    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                int n = 0;
                String text = "";
                int end;
                while ((end = text.indexOf("\r\n\r\n")) < 0 && n < buf.length) {
                    int got = in.read(buf, n, buf.length - n);
                    if (got < 0) {
                        break;
                    }
                    n += got;
                    text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                }
                Matcher length = CONTENT_LENGTH.matcher(text);
                int want = end < 0 ? 0 : end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
                while (n < want && n < buf.length) {
                    int got = in.read(buf, n, buf.length - n);
                    if (got < 0) {
                        break;
                    }
                    n += got;
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                // the next connection, or the end of the run
            }
        }
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
