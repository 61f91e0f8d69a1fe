package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension resolves receivers for parameters and fields, starts them on loopback and stops them after. */
@ExtendWith(HooksExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HooksExtensionTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Receive(provider = "paismo", secret = Secrets.PAISMO)
    static HooksReceiver perClass;

    @Receive(provider = "paismo", secret = Secrets.PAISMO)
    HooksReceiver perTest;

    private static HooksReceiver seenInBeforeAll;
    private static HooksReceiver beforeAllParameter;
    private static final Set<Integer> perTestPorts = ConcurrentHashMap.newKeySet();
    private static HooksReceiver previousPerTest;
    private HooksReceiver seenInBeforeEach;

    @BeforeAll
    static void beforeAll(@Receive(provider = "standard-webhooks", secret = Secrets.STANDARD) HooksReceiver fromParameter) {
        seenInBeforeAll = perClass;
        beforeAllParameter = fromParameter;
    }

    @BeforeEach
    void beforeEach() {
        seenInBeforeEach = perTest;
    }

    @AfterAll
    static void afterAll() {
        // the class's receivers are still up until the extension's afterAll
        assertThat(reachable(perClass.url())).isTrue();
    }

    @Test
    @Order(1)
    void staticFieldIsStartedBeforeBeforeAllAndInstanceFieldBeforeBeforeEach() {
        assertThat(seenInBeforeAll).isNotNull().isSameAs(perClass);
        assertThat(seenInBeforeEach).isNotNull().isSameAs(perTest);
        assertThat(perClass.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(perClass.url().getPath()).isEqualTo("/webhook");
        assertThat(perClass.port()).isNotEqualTo(perTest.port());
        assertThat(beforeAllParameter.provider()).isEqualTo("standard-webhooks");
    }

    @Test
    @Order(2)
    void instanceFieldsAreFreshForEachTestAndTheLastOneIsStopped() {
        perTestPorts.add(perTest.port());
        previousPerTest = perTest;
        send(perTest.url());
        assertThat(perTest.awaitDelivery(WAIT)).isVerified();
    }

    @Test
    @Order(3)
    void theNextTestGetsAnotherReceiver() {
        assertThat(perTest).isNotSameAs(previousPerTest);
        assertThat(perTestPorts).doesNotContain(perTest.port());
        assertThat(perTest.deliveries()).isEmpty();
        assertThat(reachable(previousPerTest.url())).as("the previous test's receiver is stopped").isFalse();
    }

    @Test
    @Order(4)
    void staticFieldLivesThroughTheClassAndBeforeAllParameterToo() {
        send(perClass.url());
        assertThat(perClass.awaitDelivery(WAIT)).isVerified().hasProvider("paismo");
        SendResult r = Hooks.send("employee.created").provider("standard-webhooks").secret(Secrets.STANDARD)
                .to(beforeAllParameter.url());
        assertThat(r.status()).isEqualTo(200);
        assertThat(beforeAllParameter.awaitDelivery(WAIT)).isVerified().hasEventType("employee.created");
    }

    @Test
    @Order(5)
    void parameterGetsItsOwnReceiver(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver a,
            @Receive(provider = "paismo", secret = "another-secret") HooksReceiver b) {
        assertThat(a.port()).isNotEqualTo(b.port()).isNotEqualTo(perTest.port());
        send(a.url());
        assertThat(a.awaitDelivery(WAIT)).isVerified();
        send(b.url());
        assertThat(b.awaitRefused(WAIT)).isNotVerified().hasStatus(401);
        assertThat(perTest.deliveries()).isEmpty();
    }

    @Test
    @Order(6)
    void severalProvidersOnOneReceiverRecognisedByHeadersOrServedAtTheirOwnPaths(
            @Receive(provider = "paismo", secret = Secrets.PAISMO)
            @Receive(provider = "standard-webhooks", secret = Secrets.STANDARD)
            @Receive(provider = "teal", secret = Secrets.TEAL, encryptionKey = Secrets.TEAL_KEY) HooksReceiver receiver) {
        assertThat(receiver.providers()).containsExactly("paismo", "standard-webhooks", "teal");
        assertThat(receiver.url()).isEqualTo(URI.create("http://127.0.0.1:" + receiver.port() + "/webhook"));
        assertThat(receiver.url("teal")).isEqualTo(URI.create("http://127.0.0.1:" + receiver.port() + "/teal"));
        assertThatThrownBy(() -> receiver.url("github")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serves paismo, standard-webhooks, teal");

        send(receiver.url());
        Hooks.send("employee.created").provider("standard-webhooks").secret(Secrets.STANDARD).to(receiver.url());
        Hooks.send("user-payroll-submitted").provider("teal").secret(Secrets.TEAL).encryptionKey(Secrets.TEAL_KEY)
                .to(receiver.url("teal"));
        Hooks.send("employee.created").provider("standard-webhooks").secret(Secrets.STANDARD)
                .to(receiver.url("standard-webhooks"));
        List<ReceivedDelivery> got = receiver.awaitDeliveries(4, WAIT);
        assertThat(got).extracting(ReceivedDelivery::provider)
                .containsExactly("paismo", "standard-webhooks", "teal", "standard-webhooks");
        assertThat(got).extracting(ReceivedDelivery::path)
                .containsExactly("/webhook", "/webhook", "/teal", "/standard-webhooks");
        assertThat(got).allMatch(ReceivedDelivery::verified);
        assertThat(got.get(2).decrypted()).isTrue();
    }

    @Test
    @Order(7)
    void aPaismoDeliveryToAnotherProvidersPathIsRefused(
            @Receive(provider = "paismo", secret = Secrets.PAISMO)
            @Receive(provider = "teal", secret = Secrets.TEAL) HooksReceiver receiver) {
        send(receiver.url("teal"));
        ReceivedDelivery d = receiver.awaitRefused(WAIT);
        assertThat(d).hasProvider("teal").hasPath("/teal").isNotVerified().isRefused();
        assertThat(receiver.deliveries()).hasSize(1);
    }

    @Test
    @Order(8)
    void misconfigurationsFailWithOneLine() {
        var results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectClass(Misconfigured.class), selectClass(MisconfiguredField.class))
                .execute();
        results.testEvents().assertThatEvents().haveExactly(1, event(test("withoutReceive"), finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("HooksReceiver parameter 'receiver' of Misconfigured.withoutReceive needs "
                        + "@Receive(provider = \"...\")")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("unknownProvider"), finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("@Receive(provider = \"nosuch\")") && !m.contains("\n")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("signingProviderWithoutSecret"),
                finishedWithFailure(message(m -> m.contains("paismo signs its deliveries: give its secret")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("conflictingReceiverWideSettings"),
                finishedWithFailure(message(m -> m.contains("failFirst applies to the whole receiver, but @Receive "
                        + "of paismo gives 1 and @Receive of teal gives 2")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("encryptionKeyForAProviderThatDoesNotEncrypt"),
                finishedWithFailure(message(m -> m.contains("paismo does not encrypt payloads")))));
        results.containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("@Receive field 'wrongType' of MisconfiguredField must be of type HooksReceiver"))))); 
        results.testEvents().assertThatEvents().haveExactly(1, event(test("receiveOnAnotherType"), finishedWithFailure(
                message("@Receive parameter 'url' of Misconfigured.receiveOnAnotherType must be of type HooksReceiver, not URI"))));
        results.testEvents().assertStatistics(s -> s.failed(6).succeeded(0));
    }

    @Test
    @Order(9)
    void aSigningProviderWithoutSecretIsAcceptedUncheckedWhenVerifyIsOff(
            @Receive(provider = "paismo", verify = false) HooksReceiver receiver) {
        Hooks.send("employee.created").provider("paismo").secret("any").to(receiver.url());
        ReceivedDelivery d = receiver.awaitDelivery(WAIT);
        assertThat(d).isNotVerified().hasStatus(200);
        assertThat(d.reason()).isEqualTo("no secret for provider 'paismo': its signature was not checked (no secret in @Receive)");
    }

    static void send(URI url) {
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO).to(url);
        assertThat(r.attempts()).isNotEmpty();
    }

    static boolean reachable(URI url) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            c.getResponseCode();
            return true;
        } catch (IOException e) { // refused: nothing listens there
            return false;
        }
    }

    @OnlyInTestKit
    @ExtendWith(HooksExtension.class)
    static class Misconfigured {
        @Test
        void withoutReceive(HooksReceiver receiver) {}

        @Test
        void unknownProvider(@Receive(provider = "nosuch") HooksReceiver receiver) {}

        @Test
        void signingProviderWithoutSecret(@Receive(provider = "paismo") HooksReceiver receiver) {}

        @Test
        void conflictingReceiverWideSettings(@Receive(provider = "paismo", secret = "a", failFirst = 1)
                @Receive(provider = "teal", secret = "b", failFirst = 2) HooksReceiver receiver) {}

        @Test
        void receiveOnAnotherType(@Receive(provider = "paismo", secret = "a") URI url) {}

        @Test
        void encryptionKeyForAProviderThatDoesNotEncrypt(
                @Receive(provider = "paismo", secret = "a", encryptionKey = Secrets.TEAL_KEY) HooksReceiver receiver) {}
    }

    @OnlyInTestKit
    @ExtendWith(HooksExtension.class)
    static class MisconfiguredField {
        @Receive(provider = "paismo", secret = "a")
        static String wrongType;

        @Test
        void never() {}
    }
}
