package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.OracleVerdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's signature, cross-checked both ways against implementations we did not write: what
 * {@code hooks sign} produces verifies in the npm libraries (standardwebhooks, svix, stripe, @octokit/webhooks-methods)
 * or plain Node/Python HMAC, and what they produce passes {@code hooks verify}.
 */
class CrossCheckIT {
    static final long NOW = 1_763_900_000L;
    static final byte[] BODY = ("{\"id\":\"evt_1\",\"event_type\":\"payroll.approved\",\"data\":{\"name\":\"Zoë Ångström\","
            + "\"net\":\"£1,234.56\",\"note\":\"tab\\tand \\\"quotes\\\"\"}}\n").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path home;

    static Stream<Arguments> providers() {
        List<Arguments> out = new ArrayList<>();
        for (String name : ProviderCatalog.BUILT_IN) {
            if (new ProviderCatalog(List.of()).get(name).signature().none()) {
                continue;
            }
            String secret = switch (name) {
                case "standard-webhooks", "svix" -> "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
                case "stripe" -> "whsec_test_8c2bd1f0b0e44f5c";
                default -> "payroll-hooks-secret-01";
            };
            out.add(Arguments.of(name, secret));
        }
        out.add(Arguments.of("standard-webhooks", "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void whatHooksSignsVerifiesIndependently(String provider, String secret) {
        String out = CliRun.run(home, Map.of(), BODY, "sign", "--provider", provider, "--secret", secret,
                "--timestamp", Long.toString(NOW)).succeeds().out();
        Map<String, String> headers = new LinkedHashMap<>();
        out.lines().forEach(l -> headers.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1).strip()));
        OracleVerdict node = Oracle.verify(provider, secret, BODY, headers, NOW);
        assertThat(node.valid()).as("node: %s", node.error()).isTrue();
        OracleVerdict py = Oracle.verifyPython(provider, secret, BODY, headers, NOW);
        assertThat(py.valid()).as("python: %s", py.error()).isTrue();
        byte[] tampered = BODY.clone();
        tampered[10] ^= 0x20;
        assertThat(Oracle.verify(provider, secret, tampered, headers, NOW).valid()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void whatTheIndependentSignerSignsPassesHooksVerify(String provider, String secret) {
        List<Map<String, String>> signed = new ArrayList<>();
        signed.add(Oracle.sign(provider, secret, BODY, "msg_2fT0cross", NOW));
        signed.add(Oracle.signPython(provider, secret, BODY, "msg_2fT0cross", NOW));
        for (Map<String, String> headers : signed) {
            List<String> args = new ArrayList<>(List.of("verify", "--provider", provider, "--secret", secret,
                    "--now", Long.toString(NOW + 30)));
            headers.forEach((k, v) -> {
                args.add("-H");
                args.add(k + ": " + v);
            });
            CliRun.run(home, Map.of(), BODY, args.toArray(String[]::new)).succeeds();
            byte[] tampered = BODY.clone();
            tampered[BODY.length - 2] ^= 0x01;
            assertThat(CliRun.run(home, Map.of(), tampered, args.toArray(String[]::new)).exitCode()).isEqualTo(1);
        }
    }

    @Test
    void tealEncryptionAgreesWithNodeCrypto() {
        String key = CliRun.run(home, null, "keygen", "--type", "aes").succeeds().out().strip();
        String json = CliRun.run(home, Map.of(), BODY, "encrypt", "--encryption-key", key).succeeds().out();
        String iv = json.replaceAll("(?s).*\"iv\":\"([^\"]+)\".*", "$1").strip();
        String body = json.replaceAll("(?s).*\"body\":\"([^\"]+)\".*", "$1").strip();
        assertThat(Oracle.decrypt(key, iv, body)).isEqualTo(BODY);

        var sealed = Oracle.encrypt(key, BODY);
        CliRun dec = CliRun.run(home, Map.of(), sealed.body().getBytes(StandardCharsets.US_ASCII), "decrypt",
                "--encryption-key", key, "--iv", sealed.iv()).succeeds();
        assertThat(dec.outBytes()).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void whatTheJavaApiSignsVerifiesIndependentlyAndWhatTheyProducePassesItsVerify(String provider, String secret) {
        Map<String, String> headers = dev.hooks.Hooks.signer(provider, secret).id("msg_2fT0java")
                .timestamp(java.time.Instant.ofEpochSecond(NOW)).sign(BODY);
        OracleVerdict node = Oracle.verify(provider, secret, BODY, headers, NOW);
        assertThat(node.valid()).as("node: %s", node.error()).isTrue();
        OracleVerdict py = Oracle.verifyPython(provider, secret, BODY, headers, NOW);
        assertThat(py.valid()).as("python: %s", py.error()).isTrue();

        java.time.Clock then = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(NOW + 30), java.time.ZoneOffset.UTC);
        byte[] tampered = BODY.clone();
        tampered[BODY.length - 2] ^= 0x01;
        for (Map<String, String> theirs : List.of(Oracle.sign(provider, secret, BODY, "msg_2fT0java", NOW),
                Oracle.signPython(provider, secret, BODY, "msg_2fT0java", NOW))) {
            dev.hooks.VerifyRequest verifier = dev.hooks.Hooks.verifier(provider, secret).clock(then);
            assertThat(verifier.verify(theirs, BODY).valid()).as("%s", verifier.verify(theirs, BODY)).isTrue();
            assertThat(verifier.verify(theirs, tampered).valid()).isFalse();
        }
    }

    @Test
    void tealEncryptionOfTheJavaApiAgreesWithNodeCrypto() {
        String key = CliRun.run(home, null, "keygen", "--type", "aes").succeeds().out().strip();
        dev.hooks.Encrypted sealed = dev.hooks.Hooks.encrypt("teal", key, BODY);
        assertThat(Oracle.decrypt(key, sealed.headers().get("X-Teal-Encryption-IV"),
                new String(sealed.body(), StandardCharsets.US_ASCII))).isEqualTo(BODY);
        var theirs = Oracle.encrypt(key, BODY);
        assertThat(dev.hooks.Hooks.decrypt("teal", key, Map.of("x-teal-encryption-iv", theirs.iv()),
                theirs.body().getBytes(StandardCharsets.US_ASCII))).isEqualTo(BODY);
    }
}
