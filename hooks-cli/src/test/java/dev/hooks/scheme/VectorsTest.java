package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every published vector (src/test/resources/vectors) passes through {@code hooks sign} and {@code hooks verify}. */
class VectorsTest {

    @TempDir
    Path home;

    static Stream<Arguments> signatures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        Vectors.read("signatures.json").forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    static Stream<Arguments> encryption() throws IOException {
        List<Arguments> out = new ArrayList<>();
        Vectors.read("encryption.json").forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    private List<String> signArgs(JsonNode v) {
        List<String> args = new ArrayList<>(List.of("sign", "--provider", v.get("provider").asText(),
                "--secret", v.get("secret").asText(), "--format", "headers"));
        if (v.has("id")) {
            args.add("--id");
            args.add(v.get("id").asText());
        }
        if (v.has("timestamp")) {
            args.add("--timestamp");
            args.add(v.get("timestamp").asText());
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatures")
    void signGivesThePublishedHeaders(String name, JsonNode v) {
        CliRun run = CliRun.run(home, v.get("body").asText(), signArgs(v).toArray(String[]::new)).succeeds();
        Headers produced = parseHeaders(run.out());
        v.get("headers").fields().forEachRemaining(e ->
                assertThat(produced.first(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatures")
    void verifyAcceptsThePublishedHeadersAndRejectsAnyFlippedByte(String name, JsonNode v) {
        String body = v.get("body").asText();
        List<String> secrets = new ArrayList<>(List.of(v.get("secret").asText()));
        if (v.has("public_key")) {
            secrets.add(v.get("public_key").asText());
        }
        for (String secret : secrets) {
            assertThat(verify(v, secret, body, headerArgs(v, null)).exitCode()).as("valid with %s…", secret.substring(0, 5)).isZero();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            for (int i : new int[] {0, bytes.length / 2, bytes.length - 1}) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= 0x01;
                CliRun bad = verify(v, secret, new String(flipped, StandardCharsets.ISO_8859_1), headerArgs(v, null));
                assertThat(bad.exitCode()).as("body byte %d flipped", i).isEqualTo(1);
                assertThat(bad.err()).contains("signature mismatch");
            }
            String sigHeader = signatureHeader(v);
            String sig = v.get("headers").get(sigHeader).asText();
            int last = sig.length() - 3; // inside the signature, before any base64 padding
            char c = sig.charAt(last);
            String flippedSig = sig.substring(0, last) + (c == 'A' ? 'B' : c == 'a' ? 'b' : c == '0' ? '1' : 'A') + sig.substring(last + 1);
            CliRun bad = verify(v, secret, body, headerArgs(v, Map.of(sigHeader, flippedSig)));
            assertThat(bad.exitCode()).as("signature flipped").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryption")
    void decryptGivesThePlaintextAndEncryptReproducesTheBody(String name, JsonNode v) {
        String key = v.get("key").asText();
        String iv = v.get("iv").asText();
        String body = v.get("body").asText();
        String plaintext = v.get("plaintext").asText();
        CliRun dec = CliRun.run(home, body, "decrypt", "--encryption-key", key, "--iv", iv).succeeds();
        assertThat(dec.out()).isEqualTo(plaintext);
        CliRun enc = CliRun.run(home, plaintext, "encrypt", "--encryption-key", key, "--iv", iv, "--format", "body").succeeds();
        assertThat(enc.out()).isEqualTo(body);

        byte[] sealed = java.util.Base64.getDecoder().decode(body);
        for (int i : new int[] {0, sealed.length / 2, sealed.length - 1}) { // ciphertext and the tag at the end
            byte[] flipped = sealed.clone();
            flipped[i] ^= 0x01;
            CliRun bad = CliRun.run(home, java.util.Base64.getEncoder().encodeToString(flipped), "decrypt",
                    "--encryption-key", key, "--iv", iv);
            assertThat(bad.exitCode()).as("byte %d flipped", i).isEqualTo(1);
            assertThat(bad.err()).contains("authentication tag mismatch").doesNotContain(key);
            assertThat(bad.outBytes()).isEmpty();
        }
        byte[] ivBytes = java.util.Base64.getDecoder().decode(iv);
        ivBytes[0] ^= 0x01;
        CliRun badIv = CliRun.run(home, body, "decrypt", "--encryption-key", key, "--iv",
                java.util.Base64.getEncoder().encodeToString(ivBytes));
        assertThat(badIv.exitCode()).isEqualTo(1);
    }

    private String signatureHeader(JsonNode v) {
        return new ProviderCatalog(List.of()).get(v.get("provider").asText()).signature().header();
    }

    private List<String> headerArgs(JsonNode v, Map<String, String> replace) {
        List<String> args = new ArrayList<>();
        v.get("headers").fields().forEachRemaining(e -> {
            String value = replace != null && replace.containsKey(e.getKey()) ? replace.get(e.getKey()) : e.getValue().asText();
            args.add("-H");
            args.add(e.getKey() + ": " + value);
        });
        return args;
    }

    private CliRun verify(JsonNode v, String secret, String body, List<String> headerArgs) {
        List<String> args = new ArrayList<>(List.of("verify", "--provider", v.get("provider").asText(), "--secret", secret));
        args.addAll(headerArgs);
        if (v.has("timestamp")) {
            args.add("--now");
            args.add(Long.toString(v.get("timestamp").asLong() + 10));
        }
        byte[] bytes = body.getBytes(body.chars().anyMatch(ch -> ch > 0x7f) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        return CliRun.run(home, Map.of(), bytes, args.toArray(String[]::new));
    }

    static Headers parseHeaders(String text) {
        Headers h = new Headers();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.add(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return h;
    }
}
