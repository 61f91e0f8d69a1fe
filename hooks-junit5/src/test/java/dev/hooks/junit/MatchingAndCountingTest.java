package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Awaiting one particular delivery, counting deliveries, and the event ids a sender and a receiver share. */
class MatchingAndCountingTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    static SendResult send(HooksReceiver r, String department) {
        return Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO)
                .set("data.department", department).to(r.url());
    }

    @Test
    void awaitingByPredicateLeavesTheOtherDeliveriesToTheirOwnAwaits(
            @Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver r) {
        send(r, "Finance");
        send(r, "Sales");
        r.assertCount(Count.exactly(2), d -> true, WAIT);

        ReceivedDelivery sales = r.awaitDelivery(d -> d.rawBodyText().contains("Sales"), WAIT);
        assertThat(sales).hasJsonPath("data.department", "Sales");
        // the earlier, unmatched delivery is still there for the next await, and Sales is not returned twice
        assertThat(r.awaitDelivery(WAIT)).hasJsonPath("data.department", "Finance");
        assertThatThrownBy(() -> r.awaitDelivery(d -> d.rawBodyText().contains("Sales"), Duration.ofMillis(200)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("awaited 1 delivery matching the predicate for 200 ms at " + r.url())
                .hasMessageContaining("2 requests arrived")
                .hasMessageContaining("(returned by an earlier await)");
    }

    @Test
    void aTimedOutPredicateAwaitSaysWhichDeliveriesDidNotMatch(
            @Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver r) {
        send(r, "Finance");
        r.assertCount(Count.exactly(1), d -> true, WAIT);
        assertThatThrownBy(() -> r.awaitDelivery(d -> d.rawBodyText().contains("Legal"), Duration.ofMillis(200)))
                .hasMessageContaining("but none came. 1 request arrived:")
                .hasMessageContaining("employee.updated")
                .hasMessageEndingWith("(did not match)");
    }

    @Test
    void exactlyCountsEveryRequestThatMatchesAndSaysWhatWasFound(
            @Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver r) {
        send(r, "Finance");
        send(r, "Finance");
        send(r, "Sales");
        List<ReceivedDelivery> finance = r.assertCount(Count.exactly(2), d -> d.rawBodyText().contains("Finance"), WAIT);
        assertThat(finance).hasSize(2);
        r.assertCount(Count.atLeast(3), d -> true, WAIT);

        assertThatThrownBy(() -> r.assertCount(Count.exactly(1), d -> d.rawBodyText().contains("Finance"), WAIT))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("expected exactly 1 matching at " + r.url())
                .hasMessageContaining("but 2 matched. 3 requests arrived:")
                .hasMessageContaining("(did not match)");
        assertThatThrownBy(() -> r.assertCount(Count.exactly(4), d -> true, Duration.ofMillis(200)))
                .hasMessageContaining("expected exactly 4 matching").hasMessageContaining("but 3 matched");
    }

    @Test
    void githubAndStandardWebhooksResultsCarryTheEventIdTheReceiverReports(
            @Receive(provider = "github", secret = "gh-secret")
            @Receive(provider = "standard-webhooks", secret = Secrets.STANDARD) HooksReceiver r) {
        SendResult github = Hooks.send("push").provider("github").secret("gh-secret").to(r.url("github"));
        SendResult standard = Hooks.send("employee.created").provider("standard-webhooks").secret(Secrets.STANDARD)
                .to(r.url("standard-webhooks"));
        assertThat(github.eventId()).isNotNull().isEqualTo(github.requestHeaders().get("X-GitHub-Delivery"));
        assertThat(standard.eventId()).isNotNull().isEqualTo(standard.requestHeaders().get("webhook-id"));
        assertThat(r.awaitDelivery(d -> "github".equals(d.provider()), WAIT)).hasEventId(github.eventId());
        assertThat(r.awaitDelivery(d -> "standard-webhooks".equals(d.provider()), WAIT)).hasEventId(standard.eventId());
    }
}
