package dev.hooks.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.testing.EncryptedBody;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.OracleException;
import dev.hooks.testing.OracleVerdict;
import dev.hooks.testing.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the oracles right before anything relies on them: every published vector is reproduced and verified
 * by sign.mjs and sign.py, and one changed byte makes verification fail. Providers with
 * no published vector are checked by the two implementations agreeing with each other.
 */
class OracleVectorsTest {

    record SignatureVector(String name, String provider, String secret, String publicKey, String id, Long timestamp,
                           byte[] body, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    record EncryptionVector(String name, String key, String iv, byte[] plaintext, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SignatureVector> signatureVectors() throws IOException {
        List<SignatureVector> vectors = new ArrayList<>();
        for (JsonNode v : Vectors.read("signatures.json")) {
            Map<String, String> headers = new LinkedHashMap<>();
            v.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            vectors.add(new SignatureVector(v.get("name").asText(), v.get("provider").asText(), v.get("secret").asText(),
                    v.path("public_key").asText(null), v.path("id").asText(null),
                    v.hasNonNull("timestamp") ? v.get("timestamp").asLong() : null,
                    v.get("body").asText().getBytes(StandardCharsets.UTF_8), headers));
        }
        return vectors.stream();
    }

    static Stream<EncryptionVector> encryptionVectors() throws IOException {
        List<EncryptionVector> vectors = new ArrayList<>();
        for (JsonNode v : Vectors.read("encryption.json")) {
            vectors.add(new EncryptionVector(v.get("name").asText(), v.get("key").asText(), v.get("iv").asText(),
                    v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8), v.get("body").asText()));
        }
        return vectors.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureVectors")
    void nodeReproducesTheVector(SignatureVector v) {
        assertThat(Oracle.sign(v.provider(), v.secret(), v.body(), v.id(), v.timestamp())).isEqualTo(v.headers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureVectors")
    void pythonReproducesTheVector(SignatureVector v) {
        assertThat(Oracle.signPython(v.provider(), v.secret(), v.body(), v.id(), v.timestamp())).isEqualTo(v.headers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureVectors")
    void nodeAcceptsTheVectorAndRejectsOneChangedByte(SignatureVector v) {
        assertThat(Oracle.verify(v.provider(), v.secret(), v.body(), v.headers(), v.timestamp()).valid()).isTrue();
        assertThat(Oracle.verify(v.provider(), v.secret(), flipped(v.body()), v.headers(), v.timestamp()).valid()).isFalse();
        assertThat(Oracle.verify(v.provider(), v.secret(), v.body(), withChangedSignature(v.headers()), v.timestamp()).valid()).isFalse();
        if (v.publicKey() != null) {
            assertThat(Oracle.verify(v.provider(), v.publicKey(), v.body(), v.headers(), v.timestamp()).valid()).isTrue();
            assertThat(Oracle.verify(v.provider(), v.publicKey(), flipped(v.body()), v.headers(), v.timestamp()).valid()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureVectors")
    void pythonAcceptsTheVectorAndRejectsOneChangedByte(SignatureVector v) {
        assertThat(Oracle.verifyPython(v.provider(), v.secret(), v.body(), v.headers(), v.timestamp()).valid()).isTrue();
        assertThat(Oracle.verifyPython(v.provider(), v.secret(), flipped(v.body()), v.headers(), v.timestamp()).valid()).isFalse();
        assertThat(Oracle.verifyPython(v.provider(), v.secret(), v.body(), withChangedSignature(v.headers()), v.timestamp()).valid()).isFalse();
        if (v.publicKey() != null) {
            assertThat(Oracle.verifyPython(v.provider(), v.publicKey(), v.body(), v.headers(), v.timestamp()).valid()).isTrue();
            assertThat(Oracle.verifyPython(v.provider(), v.publicKey(), flipped(v.body()), v.headers(), v.timestamp()).valid()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptionVectors")
    void nodeDecryptsAndEncryptsTheVector(EncryptionVector v) {
        assertThat(Oracle.decrypt(v.key(), v.iv(), v.body())).isEqualTo(v.plaintext());
        assertThat(Oracle.encrypt(v.key(), v.iv(), v.plaintext())).isEqualTo(new EncryptedBody(v.iv(), v.body()));

        byte[] sealed = Base64.getDecoder().decode(v.body());
        String changedBody = Base64.getEncoder().encodeToString(flipped(sealed));
        String changedIv = Base64.getEncoder().encodeToString(flipped(Base64.getDecoder().decode(v.iv())));
        assertThatThrownBy(() -> Oracle.decrypt(v.key(), v.iv(), changedBody))
                .isInstanceOf(OracleException.class).hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> Oracle.decrypt(v.key(), changedIv, v.body()))
                .isInstanceOf(OracleException.class).hasMessageContaining("authentication failed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptionVectors")
    void randomIvRoundTrips(EncryptionVector v) {
        EncryptedBody sealed = Oracle.encrypt(v.key(), v.plaintext());
        assertThat(Base64.getDecoder().decode(sealed.iv())).hasSize(12);
        assertThat(sealed.iv()).isNotEqualTo(Oracle.encrypt(v.key(), v.plaintext()).iv());
        assertThat(Oracle.decrypt(v.key(), sealed.iv(), sealed.body())).isEqualTo(v.plaintext());
    }

    /** Providers without a published vector: the library or Node implementation and the Python one must agree. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paismo", "teal", "keypay", "paycor", "shopify", "github", "slack", "zoom", "stripe",
            "standard-webhooks", "svix"})
    void nodeAndPythonAgree(String provider) {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\r\n  \"name\": \"Zoë €\",\r\n  \"amount\": 12.5\r\n}".getBytes(StandardCharsets.UTF_8);
        long ts = 1_700_000_000L;

        Map<String, String> node = Oracle.sign(provider, secret, body, "msg_2ZgRMxxJZtKLJ5ZJ5TQ6KrmRmW3", ts);
        assertThat(Oracle.signPython(provider, secret, body, "msg_2ZgRMxxJZtKLJ5ZJ5TQ6KrmRmW3", ts)).isEqualTo(node);
        assertThat(Oracle.verifyPython(provider, secret, body, node, ts + 60)).isEqualTo(OracleVerdict.VALID);
        assertThat(Oracle.verify(provider, secret, body, node, ts + 60)).isEqualTo(OracleVerdict.VALID);
        assertThat(Oracle.verify(provider, secret, flipped(body), node, ts + 60).valid()).isFalse();
        assertThat(Oracle.verifyPython(provider, secret, flipped(body), node, ts + 60).valid()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"slack", "stripe", "standard-webhooks", "svix"})
    void tooOldTimestampsFail(String provider) {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Map<String, String> headers = Oracle.sign(provider, secret, body, "msg_1", 1_700_000_000L);
        assertThat(Oracle.verify(provider, secret, body, headers, 1_700_000_301L).valid()).isFalse();
        assertThat(Oracle.verifyPython(provider, secret, body, headers, 1_700_000_301L).valid()).isFalse();
        assertThat(Oracle.verify(provider, secret, body, headers, 1_700_000_299L).valid()).isTrue();
    }

    private static byte[] flipped(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x01;
        return copy;
    }

    /** The same headers with one character of the signature changed, within its alphabet. */
    private static Map<String, String> withChangedSignature(Map<String, String> headers) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        String name = headers.keySet().stream()
                .filter(h -> h.toLowerCase().contains("signature") || h.toLowerCase().contains("hmac"))
                .findFirst().orElseThrow();
        StringBuilder value = new StringBuilder(headers.get(name));
        int i = value.length() / 2;
        while (!Character.isLetterOrDigit(value.charAt(i))) {
            i++;
        }
        char c = value.charAt(i);
        value.setCharAt(i, c == '9' ? '0' : c == 'f' ? 'a' : c == 'F' ? 'A' : c == 'z' ? 'a' : c == 'Z' ? 'A' : (char) (c + 1));
        changed.put(name, value.toString());
        return changed;
    }
}
