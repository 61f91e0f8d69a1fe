package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sender under test sees failures on purpose, then success, and the receiver shows each attempt. */
@ExtendWith(HooksExtension.class)
class FailureSimulationTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void failFirstAnswers500sThenSuccessAndTheSenderRetries(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, failFirst = 2) HooksReceiver receiver) {
        SendResult r = Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO).retry(0.001).to(receiver.url());

        assertThat(r.attempts()).extracting(SendResult.Attempt::status).containsExactly(500, 500, 200);
        assertThat(r.delivered()).isTrue();
        List<ReceivedDelivery> seen = receiver.awaitDeliveries(3, WAIT);
        assertThat(seen).extracting(ReceivedDelivery::status).containsExactly(500, 500, 200);
        assertThat(seen).extracting(ReceivedDelivery::simulated).containsExactly(true, true, false);
        assertThat(seen).extracting(ReceivedDelivery::attempt).containsExactly(1, 2, 3);
        assertThat(seen).allMatch(ReceivedDelivery::verified);
        assertThat(seen).extracting(ReceivedDelivery::eventId).containsOnly(r.eventId());
        assertThat(seen.get(0)).isSimulatedFailure().hasReasonContaining("simulated failure 1 of 2 (failFirst)");
        assertThat(seen.get(2).reason()).isNull();
        assertThat(receiver.deliveries()).hasSize(3);
    }

    @Test
    void failStatusIsTheStatusOfSimulatedFailures(
            @Receive(provider = "standard-webhooks", secret = Secrets.STANDARD, failFirst = 1, failStatus = 503) HooksReceiver receiver) {
        SendResult r = Hooks.send("employee.created").provider("standard-webhooks").secret(Secrets.STANDARD).retry(0.001)
                .to(receiver.url());
        assertThat(r.attempts()).extracting(SendResult.Attempt::status).containsExactly(503, 200);
        assertThat(receiver.awaitDeliveries(2, WAIT)).extracting(ReceivedDelivery::status).containsExactly(503, 200);
    }

    @Test
    void failRateOneFailsEveryDeliveryAndTheSenderGivesUp(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, failRate = 1.0, failStatus = 502) HooksReceiver receiver) {
        SendResult r = Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).retry(0.00001).to(receiver.url());

        // Paismo's schedule: the first attempt and five retries
        assertThat(r.attempts()).hasSize(6).extracting(SendResult.Attempt::status).containsOnly(502);
        assertThat(r.delivered()).isFalse();
        assertThat(receiver.awaitDeliveries(6, WAIT)).allSatisfy(d ->
                assertThat(d).isSimulatedFailure().hasStatus(502).isVerified().hasReasonContaining("failRate 1.0"));
    }

    @Test
    void failuresApplyToAcceptedDeliveriesOnlyNotToRefusedOnes(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, failFirst = 1) HooksReceiver receiver) {
        SendResult wrong = Hooks.send("employee.created").provider("paismo").secret("wrong").to(receiver.url());
        SendResult right = Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).retry(0.001).to(receiver.url());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(right.attempts()).extracting(SendResult.Attempt::status).containsExactly(500, 200);
    }

    @Test
    void statusSetsTheAnswerToAcceptedDeliveries(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, answerStatus = 202) HooksReceiver receiver) {
        assertThat(Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(receiver.url()).status())
                .isEqualTo(202);
        assertThat(receiver.awaitDelivery(WAIT)).hasStatus(202).isVerified();
    }

    @Test
    void aFailingStatusCountsAsASimulatedFailure(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, answerStatus = 410) HooksReceiver receiver) {
        assertThat(Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(receiver.url()).status())
                .isEqualTo(410);
        assertThat(receiver.awaitDelivery(WAIT)).hasStatus(410).isSimulatedFailure()
                .hasReasonContaining("status set by @Receive(answerStatus) 410");
    }

    @Test
    void delayHoldsTheAnswer(@Receive(provider = "paismo", secret = Secrets.PAISMO, delayMillis = 400) HooksReceiver receiver) {
        long start = System.nanoTime();
        SendResult r = Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(receiver.url());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(millis).isGreaterThanOrEqualTo(400);
        assertThat(receiver.awaitDelivery(WAIT)).hasStatus(200);
    }
}
