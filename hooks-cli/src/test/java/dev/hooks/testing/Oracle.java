package dev.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Independent implementations of every provider scheme, for tests that must not check hooks only against
 * hooks' own code. {@link #sign} and {@link #verify} run {@code src/test/oracle/sign.mjs}, which uses the
 * providers' own npm libraries (standardwebhooks, svix, stripe, @octokit/webhooks-methods) and otherwise
 * Node's crypto; {@link #signPython} and {@link #verifyPython} run {@code sign.py}, a second implementation
 * of the signature schemes with Python's standard library alone. Where Node, its packages or Python are missing the
 * calling test is skipped (see {@link Requirements}). Each call starts one process (about 0.1 to 0.3 s).
 *
 * <p>Header names come back exactly as the provider documents them (for example {@code X-Hub-Signature-256},
 * {@code webhook-signature}), in a map that keeps their order; use {@link #header} to look one up by any case.
 */
public final class Oracle {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private Oracle() {
    }

    /**
     * The oracle scripts' directory, for Node: skips the test (fails it under {@link Requirements#STRICT}) when
     * Node or the oracle's npm packages are missing.
     */
    public static Path directory() {
        Path dir = scripts();
        Requirements.command(node(), "apt-get install nodejs npm");
        Requirements.require(Files.isDirectory(dir.resolve("node_modules")),
                "the oracle's npm packages are not installed (npm ci --prefix hooks-cli/src/test/oracle)");
        return dir;
    }

    /**
     * A file of an npm package installed beside the oracles ({@code node_modules/PACKAGE/PATH}), read as data: skips
     * the test (fails it under {@link Requirements#STRICT}) when the package is not installed.
     */
    public static Path packageFile(String npmPackage, String path) {
        Path file = scripts().resolve("node_modules").resolve(npmPackage).resolve(path);
        Requirements.require(Files.isRegularFile(file),
                npmPackage + " is not installed (npm ci --prefix hooks-cli/src/test/oracle)");
        return file;
    }

    private static Path scripts() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/oracle");
        if (!Files.isRegularFile(dir.resolve("sign.mjs"))) {
            throw new OracleException("no oracle scripts at " + dir + ": run the tests from the project directory");
        }
        return dir;
    }

    /** Headers the provider would send for this body, from the provider's own library where one exists. */
    public static Map<String, String> sign(String provider, String secret, byte[] body, String id, Long timestamp) {
        return headersOf(call(signRequest(provider, secret, body, id, timestamp)));
    }

    /** As {@link #sign(String, String, byte[], String, Long)} with a fresh id and the current time. */
    public static Map<String, String> sign(String provider, String secret, byte[] body) {
        return sign(provider, secret, body, null, null);
    }

    /**
     * Runs a script of src/test/oracle that uses only Node's own modules (no npm ci needed): {@code request} on its
     * stdin, the JSON it prints back.
     */
    public static JsonNode node(String script, JsonNode request) {
        Requirements.command(node(), "apt-get install nodejs");
        return run(List.of(node(), script), scripts(), request);
    }

    /** The same headers computed by sign.py. */
    public static Map<String, String> signPython(String provider, String secret, byte[] body, String id, Long timestamp) {
        return headersOf(callPython(signRequest(provider, secret, body, id, timestamp)));
    }

    /** Whether the provider's own verifier accepts these headers for this body, at the current time. */
    public static OracleVerdict verify(String provider, String secret, byte[] body, Map<String, String> headers) {
        return verify(provider, secret, body, headers, null);
    }

    /** As {@link #verify(String, String, byte[], Map)}, with the clock at {@code now} (epoch seconds) when not null. */
    public static OracleVerdict verify(String provider, String secret, byte[] body, Map<String, String> headers, Long now) {
        return verdictOf(call(verifyRequest(provider, secret, body, headers, now)));
    }

    /** The same check by sign.py. */
    public static OracleVerdict verifyPython(String provider, String secret, byte[] body, Map<String, String> headers, Long now) {
        return verdictOf(callPython(verifyRequest(provider, secret, body, headers, now)));
    }

    /**
     * Teal's AES-256-GCM decryption by Node's crypto.
     *
     * @param bodyB64 the body as Teal sends it: base64(ciphertext || tag)
     * @throws OracleException when the tag does not match (the message says "authentication failed")
     */
    public static byte[] decrypt(String keyB64, String ivB64, String bodyB64) {
        ObjectNode request = JSON.createObjectNode().put("mode", "decrypt").put("key", keyB64).put("iv", ivB64).put("body", bodyB64);
        JsonNode answer = call(request);
        if (answer.hasNonNull("error")) {
            throw new OracleException("oracle could not decrypt: " + answer.get("error").asText());
        }
        return Base64.getDecoder().decode(answer.get("plaintext_b64").asText());
    }

    /** Teal's AES-256-GCM encryption by Node's crypto, with a random 12-byte IV. */
    public static EncryptedBody encrypt(String keyB64, byte[] plaintext) {
        return encrypt(keyB64, null, plaintext);
    }

    /** Teal's AES-256-GCM encryption by Node's crypto, with the given IV (random when null). */
    public static EncryptedBody encrypt(String keyB64, String ivB64, byte[] plaintext) {
        ObjectNode request = JSON.createObjectNode().put("mode", "encrypt").put("key", keyB64)
                .put("plaintext_b64", Base64.getEncoder().encodeToString(plaintext));
        if (ivB64 != null) {
            request.put("iv", ivB64);
        }
        JsonNode answer = call(request);
        return new EncryptedBody(answer.get("iv").asText(), answer.get("body").asText());
    }

    /** A header's value by case-insensitive name, or null. */
    public static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Any request sign.mjs understands (see its header comment), for what the typed methods do not cover. */
    public static JsonNode call(JsonNode request) {
        return run(List.of(node(), "sign.mjs"), directory(), request);
    }

    /** Any request sign.py understands. */
    public static JsonNode callPython(JsonNode request) {
        Requirements.command(python(), "apt-get install python3");
        return run(List.of(python(), "sign.py"), scripts(), request);
    }

    static String node() {
        return System.getProperty("hooks.oracle.node", "node");
    }

    /**
     * The Python interpreter itself, resolved once: a version manager's {@code python3} shim (pyenv) costs a
     * shell start on every call. sign.py needs only the standard library, so any Python 3 will do.
     */
    static String python() {
        return PythonHolder.EXECUTABLE;
    }

    private static final class PythonHolder {
        static final String EXECUTABLE = resolvePython();

        private static String resolvePython() {
            String configured = System.getProperty("hooks.oracle.python", "python3");
            try {
                Process process = new ProcessBuilder(configured, "-c", "import sys; print(sys.executable)")
                        .redirectErrorStream(true).start();
                process.getOutputStream().close();
                String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return process.waitFor() == 0 && !path.isEmpty() && Files.isExecutable(Path.of(path)) ? path : configured;
            } catch (IOException e) {
                return configured;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return configured;
            }
        }
    }

    private static ObjectNode signRequest(String provider, String secret, byte[] body, String id, Long timestamp) {
        ObjectNode request = JSON.createObjectNode().put("provider", provider).put("secret", secret)
                .put("body_b64", Base64.getEncoder().encodeToString(body));
        if (id != null) {
            request.put("id", id);
        }
        if (timestamp != null) {
            request.put("timestamp", timestamp);
        }
        return request;
    }

    private static ObjectNode verifyRequest(String provider, String secret, byte[] body, Map<String, String> headers, Long now) {
        ObjectNode request = signRequest(provider, secret, body, null, null).put("mode", "verify");
        ObjectNode h = request.putObject("headers");
        headers.forEach(h::put);
        if (now != null) {
            request.put("now", now);
        }
        return request;
    }

    private static Map<String, String> headersOf(JsonNode answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        answer.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(headers);
    }

    private static OracleVerdict verdictOf(JsonNode answer) {
        return new OracleVerdict(answer.get("valid").asBoolean(), answer.path("error").isNull() ? null : answer.path("error").asText(null));
    }

    private static JsonNode run(List<String> command, Path dir, JsonNode request) {
        List<String> shown = new ArrayList<>(command);
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            CompletableFuture<byte[]> out = readAll(process.getInputStream());
            CompletableFuture<byte[]> err = readAll(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(request));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new OracleException(shown + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8).trim();
            String stderr = new String(err.join(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || stdout.isEmpty()) {
                throw new OracleException(shown + " exited " + process.exitValue() + ": " + (stderr.isEmpty() ? stdout : stderr));
            }
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new OracleException("could not run " + shown + " in " + dir + ": " + e.getMessage()
                    + " (is " + command.get(0) + " installed and on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OracleException("interrupted while running " + shown, e);
        }
    }

    /** Drains a stream on its own thread (not the common pool, which blocking reads could starve). */
    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                stream.transferTo(buffer);
                result.complete(buffer.toByteArray());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "oracle-reader");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
