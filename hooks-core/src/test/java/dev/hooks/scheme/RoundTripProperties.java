package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.crypto.Encoding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.hooks.testing.RandomInputs;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sign-then-verify and encrypt-then-decrypt hold for random inputs, and any single-bit change fails. */
class RoundTripProperties {
    private static final ProviderCatalog CATALOG = new ProviderCatalog(List.of());
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    private static final List<String> SIGNING_PROVIDERS = ProviderCatalog.BUILT_IN.stream()
            .filter(n -> !CATALOG.get(n).signature().none())
            .toList();

    static Stream<RandomInputs> tries() {
        return RandomInputs.tries(300);
    }

    static Stream<RandomInputs> fewerTries() {
        return RandomInputs.tries(50);
    }

    /** A key of 1 to 64 random bytes. */
    private static byte[] key(RandomInputs random) {
        return random.exactly(random.between(1, 64));
    }

    /** A secret in the form the provider's key form accepts, made from random key bytes. */
    private static String secretFor(Profile p, byte[] key, String text) {
        return switch (p.signature().key()) {
            case "whsec" -> "whsec_" + Encoding.base64(key);
            case "base64" -> Encoding.base64(key);
            case "hex" -> Encoding.hex(key);
            case "ascii" -> text.chars().allMatch(c -> c < 0x80) && !text.isEmpty() ? text : "ascii-" + Encoding.hex(key);
            default -> text.isEmpty() ? Encoding.hex(key) : text;
        };
    }

    private static Headers headersOf(Map<String, String> map) {
        return Headers.of(map);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tries")
    void signThenVerifyHoldsAndAnyFlippedBodyBitFails(RandomInputs random) {
        String provider = random.oneOf(SIGNING_PROVIDERS);
        byte[] body = random.bytes(2048);
        byte[] key = key(random);
        String text = random.text(20);
        int bitSeed = random.between(0, 1 << 20);
        Profile p = CATALOG.get(provider);
        boolean lossyAscii = "ascii".equals(p.signature().bodyEncoding());
        if (lossyAscii) {
            // Paycor signs .NET's ASCII bytes of the text, where every non-ASCII character becomes '?': only changes
            // that survive that mapping can be detected, so the property is stated over ASCII bodies.
            for (int i = 0; i < body.length; i++) {
                body[i] &= 0x7f;
            }
        }
        SignatureScheme scheme = SignatureScheme.of(p, secretFor(p, key, text));
        String ts = SignatureScheme.formatTimestamp(NOW, p.timestamp().format());
        SignatureScheme.Signed signed = scheme.sign(body, DeliveryIds.fresh(p), ts, null);
        Verification ok = scheme.verify(body, headersOf(signed.headers()), null, NOW, scheme.tolerance());
        assertThat(ok.isValid()).as("%s: %s", provider, ok.reason()).isTrue();

        if (body.length == 0) {
            return;
        }
        byte[] flipped = body.clone();
        int bitsPerByte = lossyAscii ? 7 : 8;
        int bit = bitSeed % (body.length * bitsPerByte);
        flipped[bit / bitsPerByte] ^= (byte) (1 << (bit % bitsPerByte));
        Verification bad = scheme.verify(flipped, headersOf(signed.headers()), null, NOW, scheme.tolerance());
        assertThat(bad.isValid()).as("%s with bit %d flipped", provider, bit).isFalse();
        assertThat(bad.reason()).contains("signature mismatch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tries")
    void anyFlippedSignatureBitFails(RandomInputs random) {
        String provider = random.oneOf(SIGNING_PROVIDERS);
        byte[] body = random.bytes(512);
        byte[] key = key(random);
        int bitSeed = random.between(0, 1 << 20);
        Profile p = CATALOG.get(provider);
        SignatureScheme scheme = SignatureScheme.of(p, secretFor(p, key, ""));
        String ts = SignatureScheme.formatTimestamp(NOW, p.timestamp().format());
        SignatureScheme.Signed signed = scheme.sign(body, DeliveryIds.fresh(p), ts, null);
        Verification v0 = scheme.verify(body, headersOf(signed.headers()), null, NOW, null);
        assertThat(v0.isValid()).isTrue();
        // Flip one bit of the raw signature and write it back in the header's own encoding.
        String encoding = v0.encoding();
        byte[] raw = encoding.equals("base64") ? Encoding.fromBase64(v0.received().get(0)).orElseThrow()
                : Encoding.fromHex(v0.received().get(0)).orElseThrow();
        int bit = bitSeed % (raw.length * 8);
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        String flippedText = SignatureScheme.encode(raw, encoding);
        String header = p.signature().header();
        Map<String, String> headers = new java.util.LinkedHashMap<>(signed.headers());
        headers.put(header, signed.headers().get(header).replace(v0.received().get(0), flippedText));
        Verification bad = scheme.verify(body, headersOf(headers), null, NOW, null);
        assertThat(bad.isValid()).as("%s signature bit %d flipped", provider, bit).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tries")
    void encryptThenDecryptHoldsAndAnyFlippedBitFails(RandomInputs random) {
        byte[] plaintext = random.bytes(4096);
        byte[] key = random.exactly(32);
        int bitSeed = random.between(0, 1 << 20);
        boolean flipIv = random.bool();
        PayloadEncryption enc = new PayloadEncryption(PayloadEncryption.defaultSpec(), Encoding.base64(key));
        PayloadEncryption.Encrypted e = enc.encrypt(plaintext, null);
        PayloadEncryption.Decrypted d = enc.decrypt(e.body(), e.ivBase64());
        assertThat(d.ok()).isTrue();
        assertThat(d.plaintext()).isEqualTo(plaintext);

        byte[] sealed = Encoding.fromBase64(new String(e.body(), java.nio.charset.StandardCharsets.US_ASCII)).orElseThrow();
        byte[] iv = Encoding.fromBase64(e.ivBase64()).orElseThrow();
        byte[] target = flipIv ? iv : sealed;
        int bit = bitSeed % (target.length * 8);
        target[bit / 8] ^= (byte) (1 << (bit % 8));
        PayloadEncryption.Decrypted bad = enc.decrypt(
                Encoding.base64(sealed).getBytes(java.nio.charset.StandardCharsets.US_ASCII), Encoding.base64(iv));
        assertThat(bad.ok()).as("%s bit %d flipped", flipIv ? "IV" : "ciphertext/tag", bit).isFalse();
        assertThat(bad.error()).contains("authentication tag mismatch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fewerTries")
    void ed25519SignThenVerifyWithThePublicKey(RandomInputs random) throws Exception {
        byte[] body = random.bytes(1024);
        byte[] seed = random.exactly(32);
        Profile p = CATALOG.get("standard-webhooks");
        SignatureScheme signer = SignatureScheme.of(p, "whsk_" + Encoding.base64(seed));
        SignatureScheme.Signed signed = signer.sign(body, "msg_1", "1700000000", null);
        byte[] pub = publicKeyOf(seed);
        SignatureScheme verifier = SignatureScheme.of(p, "whpk_" + Encoding.base64(pub));
        assertThat(verifier.verify(body, headersOf(signed.headers()), null, NOW, Duration.ofMinutes(5)).isValid()).isTrue();
        byte[] flipped = java.util.Arrays.copyOf(body, body.length + 1);
        assertThat(verifier.verify(flipped, headersOf(signed.headers()), null, NOW, null).isValid()).isFalse();
    }

    /** The public key for a seed, derived by the JDK's key pair generator fed with that seed. */
    private static byte[] publicKeyOf(byte[] seed) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
        g.initialize(java.security.spec.NamedParameterSpec.ED25519, new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        byte[] x509 = g.generateKeyPair().getPublic().getEncoded();
        return java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }
}
