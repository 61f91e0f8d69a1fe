package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** One annotation is enough: {@code @Receive} registers the extension on fields and parameters by itself. */
class SelfRegistrationTest {

    @Test
    void fieldsAndParametersWithoutExtendWithGetStartedReceivers() {
        var results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectClass(NoExtendWith.class))
                .execute();
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    }

    @OnlyInTestKit
    static class NoExtendWith {
        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        static HooksReceiver perClass;

        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        HooksReceiver perTest;

        @Test
        void aStaticField() {
            HooksExtensionTest.send(perClass.url());
            assertThat(perClass.awaitDelivery(Duration.ofSeconds(10)).verified()).isTrue();
        }

        @Test
        void anInstanceField() {
            HooksExtensionTest.send(perTest.url());
            assertThat(perTest.awaitDelivery(Duration.ofSeconds(10)).verified()).isTrue();
        }

        @Test
        void aParameter(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver) {
            HooksExtensionTest.send(receiver.url());
            assertThat(receiver.awaitDelivery(Duration.ofSeconds(10)).verified()).isTrue();
        }

        @Test
        void aRepeatedAnnotation(@Receive(provider = "paismo", secret = Secrets.PAISMO)
                                 @Receive(provider = "teal", secret = Secrets.TEAL) HooksReceiver receiver) {
            assertThat(receiver.providers()).containsExactly("paismo", "teal");
        }
    }
}
