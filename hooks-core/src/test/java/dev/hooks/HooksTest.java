package dev.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.scheme.ProviderCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The signing, verifying and encrypting half of the Java API, for every built-in provider. */
class HooksTest {
    private static final byte[] BODY = "{\"event_type\":\"employee.updated\",\"data\":{\"name\":\"Zoë\"}}"
            .getBytes(StandardCharsets.UTF_8);

    /** A secret of the form each provider hands out. */
    static String secretOf(String provider) {
        return secretOf(provider, "a key of thirty-two bytes at most");
    }

    static String secretOf(String provider, String key) {
        return switch (provider) {
            case "standard-webhooks", "svix" -> "whsec_" + Base64.getEncoder().encodeToString(
                    key.getBytes(StandardCharsets.US_ASCII));
            default -> key.replace(' ', '-');
        };
    }

    static Stream<String> signingProviders() {
        return Hooks.providers().stream().filter(p -> !p.equals("paxos"));
    }

    @ParameterizedTest
    @MethodSource("signingProviders")
    void whatSignProducesVerifiesAndAnyChangeOrOtherSecretDoesNot(String provider) {
        String secret = secretOf(provider);
        Map<String, String> headers = Hooks.sign(provider, secret, BODY);
        assertThat(headers).isNotEmpty();

        VerifyResult ok = Hooks.verify(provider, secret, headers, BODY);
        assertThat(ok.valid()).as("%s: %s", provider, ok.reason()).isTrue();
        assertThat(ok.reason()).isNull();

        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("Zoë", "Zoe").getBytes(StandardCharsets.UTF_8);
        VerifyResult changed = Hooks.verify(provider, secret, headers, tampered);
        assertThat(changed.valid()).as(provider).isFalse();
        assertThat(changed.reason()).as(provider).isNotBlank();

        VerifyResult other = Hooks.verify(provider, secretOf(provider, "another key, of the same form"), headers, BODY);
        assertThat(other.valid()).as(provider).isFalse();
        assertThat(other.reason()).as(provider).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("signingProviders")
    void headerNamesAreMatchedWithoutRegardToCase(String provider) {
        String secret = secretOf(provider);
        Map<String, String> lower = new LinkedHashMap<>();
        Map<String, String> upper = new LinkedHashMap<>();
        Hooks.sign(provider, secret, BODY).forEach((name, value) -> {
            lower.put(name.toLowerCase(Locale.ROOT), value);
            upper.put(name.toUpperCase(Locale.ROOT), value);
        });
        assertThat(Hooks.verify(provider, secret, lower, BODY).valid()).as(provider).isTrue();
        assertThat(Hooks.verify(provider, secret, upper, BODY).valid()).as(provider).isTrue();
    }

    @Test
    void theSignerTakesIdTimestampAndUrlAndMatchesThePublishedStandardWebhooksExample() {
        // The example of the Standard Webhooks specification.
        Map<String, String> headers = Hooks.signer("standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .id("msg_p5jXN8AQM9LWM0D4loKWxJek").timestamp(Instant.ofEpochSecond(1614265330))
                .sign("{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(headers).containsEntry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
                .containsEntry("webhook-timestamp", "1614265330")
                .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aStaleTimestampFailsUnlessTheToleranceAllowsIt() {
        String secret = secretOf("stripe");
        Map<String, String> old = Hooks.signer("stripe", secret).timestamp(Instant.now().minus(Duration.ofHours(2)))
                .sign(BODY);
        VerifyResult stale = Hooks.verify("stripe", secret, old, BODY);
        assertThat(stale.valid()).isFalse();
        assertThat(stale.reason()).contains("timestamp");
        assertThat(Hooks.verifier("stripe", secret).tolerance(Duration.ofHours(3)).verify(old, BODY).valid()).isTrue();
        assertThat(Hooks.verifier("stripe", secret).anyTimestamp().verify(old, BODY).valid()).isTrue();
    }

    @Test
    void aMissingSignatureHeaderIsAReasonNotAnException() {
        VerifyResult none = Hooks.verify("paismo", "s3cret", Map.of("Content-Type", "application/json"), BODY);
        assertThat(none.valid()).isFalse();
        assertThat(none.reason()).contains("X-Paismo-Signature");
    }

    @Test
    void anUnsignedProviderVerifiesNothing() {
        VerifyResult paxos = Hooks.verify("paxos", null, Map.of(), BODY);
        assertThat(paxos.valid()).isFalse();
        assertThat(paxos.reason()).contains("does not sign");
    }

    @Test
    void mistakesOfInputAreOneLineExceptions() {
        assertThatThrownBy(() -> Hooks.sign("nosuch", "s", BODY)).isInstanceOf(HooksException.class)
                .hasMessageContaining("unknown provider 'nosuch'").hasMessageContaining("paismo");
        assertThatThrownBy(() -> Hooks.sign("paismo", null, BODY)).isInstanceOf(HooksException.class)
                .hasMessageContaining("needs a secret");
        assertThatThrownBy(() -> Hooks.sign("standard-webhooks", "whsec_not*base64", BODY))
                .isInstanceOf(HooksException.class).message().doesNotContain("\n");
        assertThatThrownBy(() -> Hooks.encrypt("paismo", "k", BODY)).isInstanceOf(HooksException.class)
                .hasMessageContaining("does not encrypt");
    }

    @Test
    void tealEncryptsWithAFreshIvAndDecryptsWithTheIvHeaderInAnyCase() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Encrypted one = Hooks.encrypt("teal", key, BODY);
        Encrypted two = Hooks.encrypt("teal", key, BODY);
        assertThat(one.headers()).containsKey("X-Teal-Encryption-IV");
        assertThat(one.headers().get("X-Teal-Encryption-IV")).isNotEqualTo(two.headers().get("X-Teal-Encryption-IV"));
        assertThat(one.body()).isNotEqualTo(BODY);

        Map<String, String> received = Map.of("x-teal-encryption-iv", one.headers().get("X-Teal-Encryption-IV"));
        assertThat(Hooks.decrypt("teal", key, received, one.body())).isEqualTo(BODY);

        String otherKey = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
        assertThatThrownBy(() -> Hooks.decrypt("teal", otherKey, received, one.body()))
                .isInstanceOf(HooksException.class).hasMessageStartingWith("cannot decrypt the teal payload");
    }

    @Test
    void providersAndTheirSampleEventsAreListed() {
        assertThat(Hooks.providers()).isEqualTo(ProviderCatalog.BUILT_IN)
                .contains("paismo", "paxos", "teal", "keypay", "paycor", "standard-webhooks");
        assertThat(Hooks.events("paismo")).contains("employee.updated", "employee.created").doesNotHaveDuplicates();
        assertThatThrownBy(() -> Hooks.events("nosuch")).isInstanceOf(HooksException.class);
        assertThat(List.copyOf(Hooks.events("teal"))).isNotEmpty();
    }
}
