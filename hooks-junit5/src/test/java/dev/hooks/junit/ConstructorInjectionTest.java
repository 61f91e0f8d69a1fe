package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Hooks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A constructor parameter gets a receiver too, for each instance JUnit creates. */
@ExtendWith(HooksExtension.class)
class ConstructorInjectionTest {
    private static final java.util.Set<HooksReceiver> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final HooksReceiver receiver;

    ConstructorInjectionTest(@Receive(provider = "github", secret = "gh-secret") HooksReceiver receiver) {
        this.receiver = receiver;
    }

    @Test
    void theConstructorsReceiverServesTheTest() {
        assertThat(SEEN.add(receiver)).as("a receiver of its own").isTrue();
        assertThat(receiver.provider()).isEqualTo("github");
        assertThat(Hooks.send("push").provider("github").secret("gh-secret").to(receiver.url()).status()).isEqualTo(200);
        assertThat(receiver.awaitDelivery(Duration.ofSeconds(10))).isVerified().hasProvider("github").hasEventType("push");
    }

    @Test
    void eachInstanceHasItsOwn() {
        assertThat(SEEN.add(receiver)).as("a receiver of its own").isTrue();
        assertThat(receiver.deliveries()).isEmpty();
    }
}
