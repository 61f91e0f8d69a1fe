package dev.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A webhook receiver that shares no code with hooks ({@code src/test/oracle/receiver.mjs}), for end-to-end tests
 * of the sender. It verifies with the providers' own libraries, decrypts Teal bodies, checks API keys and Bearer
 * tokens (serving {@code POST /oauth/token}), answers the providers' handshakes, and answers deliveries with the
 * scripted statuses in turn, then 200. Listens on 127.0.0.1, a free port.
 *
 * <pre>{@code
 * try (var receiver = IndependentReceiver.builder("paismo").secret("s3cret").script(500, 200).start()) {
 *     // hooks send ... --to receiver.url("/webhook")
 *     List<ReceivedRequest> got = receiver.awaitRequests(2, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class IndependentReceiver implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private IndependentReceiver(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Oracle.node(), "receiver.mjs"));
        command.addAll(args);
        try {
            process = new ProcessBuilder(command).directory(Oracle.directory().toFile()).start();
        } catch (IOException e) {
            throw new OracleException("could not start receiver.mjs: " + e.getMessage() + " (is node on PATH?)", e);
        }
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        daemon("receiver-stdout", () -> readStdout(ready));
        daemon("receiver-stderr", this::readStderr);
        try {
            port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new OracleException("receiver.mjs did not start: " + stderrText(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OracleException("interrupted while starting receiver.mjs", e);
        }
    }

    /** Starts receiver.mjs with these command-line arguments (see its header comment). */
    public static IndependentReceiver start(String... args) {
        return new IndependentReceiver(List.of(args));
    }

    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path);
    }

    /** The requests received so far, in order. */
    public List<ReceivedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} requests have been received and returns them all; fails after the timeout. */
    public List<ReceivedRequest> awaitRequests(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && requests.size() < n) {
                    throw new AssertionError("expected " + n + " requests within " + timeout + " but got "
                            + requests.size() + ": " + requests
                            + (process.isAlive() ? "" : "; receiver.mjs exited: " + stderrText()));
                }
                try {
                    requests.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for requests", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    /** What receiver.mjs wrote to stderr, for failure messages. */
    public String stderrText() {
        synchronized (stderr) {
            return stderr.toString().trim();
        }
    }

    /** Closes the receiver's stdin (it exits on that), then ends it if it has not. */
    @Override
    public void close() {
        Processes.stop(process);
    }

    private void readStdout(CompletableFuture<Integer> ready) {
        try (BufferedReader reader = reader(process.getInputStream())) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = Oracle.JSON.readTree(line);
                if (!ready.isDone()) {
                    ready.complete(json.get("port").asInt());
                    continue;
                }
                ReceivedRequest request = parse(json);
                synchronized (requests) {
                    requests.add(request);
                    requests.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        } finally {
            ready.completeExceptionally(new OracleException("receiver.mjs ended before it was ready"));
            synchronized (requests) {
                requests.notifyAll();
            }
        }
    }

    private void readStderr() {
        try (BufferedReader reader = reader(process.getErrorStream())) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static ReceivedRequest parse(JsonNode json) {
        Map<String, String> headers = new LinkedHashMap<>();
        json.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        JsonNode verified = json.get("verified");
        return new ReceivedRequest(
                json.get("method").asText(),
                json.get("path").asText(),
                json.get("query").asText(),
                Map.copyOf(headers),
                Base64.getDecoder().decode(json.get("body_b64").asText()),
                verified == null || verified.isNull() ? null : verified.asBoolean(),
                json.path("error").isTextual() ? json.get("error").asText() : null,
                json.path("decrypted_b64").isTextual() ? Base64.getDecoder().decode(json.get("decrypted_b64").asText()) : null,
                json.get("status").asInt(),
                json.get("at_ms").asLong());
    }

    private static BufferedReader reader(InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Builds the receiver.mjs command line. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();

        private Builder(String provider) {
            args.addAll(List.of("--provider", provider));
        }

        public Builder secret(String secret) {
            return arg("--secret", secret);
        }

        /** Teal: decrypt bodies with this base64 AES-256 key and the X-Teal-Encryption-IV header. */
        public Builder encryptionKey(String keyB64) {
            return arg("--encryption-key", keyB64);
        }

        /** Require this header to carry exactly this value. */
        public Builder apiKey(String header, String key) {
            return arg("--api-key-header", header).arg("--api-key", key);
        }

        /** Serve POST /oauth/token for these client credentials and require its Bearer tokens. */
        public Builder oauth(String clientId, String clientSecret) {
            return arg("--oauth-client-id", clientId).arg("--oauth-client-secret", clientSecret);
        }

        /** Answer the first deliveries with these statuses in turn, then 200. */
        public Builder script(int... statuses) {
            return arg("--script", Arrays.stream(statuses).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        }

        /** Any other receiver.mjs arguments. */
        public Builder arg(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public IndependentReceiver start() {
            return new IndependentReceiver(args);
        }
    }
}
