package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Hooks;
import dev.hooks.PlayResult;
import dev.hooks.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What one receiver got, saved as a scenario and played with Hooks.play to another with its own secret and key. */
@ExtendWith(HooksExtension.class)
class ScenarioTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String OTHER_SECRET = "teal-other-secret";
    static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void aReceiversScenarioPlaysToAnotherReceiverUnderOtherKeys(
            @Receive(provider = "teal", secret = Secrets.TEAL, encryptionKey = Secrets.TEAL_KEY) HooksReceiver first,
            @Receive(provider = "teal", secret = OTHER_SECRET, encryptionKey = OTHER_KEY) HooksReceiver second,
            @TempDir Path dir) throws Exception {
        Hooks.send("user-payroll-submitted").provider("teal").secret(Secrets.TEAL).encryptionKey(Secrets.TEAL_KEY)
                .to(first.url());
        Hooks.send("user-payroll-submitted").provider("teal").secret(Secrets.TEAL).encryptionKey(Secrets.TEAL_KEY)
                .to(first.url());
        List<ReceivedDelivery> received = first.awaitDeliveries(2, WAIT);

        Path file = dir.resolve("teal.json");
        first.scenario().save(file);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(Secrets.TEAL).doesNotContain(Secrets.TEAL_KEY)
                .doesNotContainIgnoringCase("X-Teal-Signature").doesNotContainIgnoringCase("X-Teal-Encryption-IV");

        Scenario scenario = Scenario.load(file);
        assertThat(scenario.deliveries()).hasSize(2).allSatisfy(d -> assertThat(d.encrypted()).isTrue());
        PlayResult result = Hooks.play(scenario).secret("teal", OTHER_SECRET).encryptionKey(OTHER_KEY).reverse()
                .to(second.url());

        assertThat(result.allDelivered()).as("%s", result).isTrue();
        List<ReceivedDelivery> played = second.awaitDeliveries(2, WAIT);
        for (int i = 0; i < 2; i++) {
            ReceivedDelivery was = received.get(1 - i);
            ReceivedDelivery now = played.get(i);
            assertThat(now.verified()).isTrue();
            assertThat(now.decrypted()).isTrue();
            assertThat(now.plaintext()).isEqualTo(was.plaintext());
            assertThat(now.eventId()).isEqualTo(was.eventId());
            assertThat(now.rawBody()).isNotEqualTo(was.rawBody());
        }
    }

    @Test
    void loadingAFileThatIsNotAScenarioSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"deliveries\": []}");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Scenario.load(file)))
                .isInstanceOf(dev.hooks.HooksException.class).hasMessageContaining("not a scenario");
    }
}
