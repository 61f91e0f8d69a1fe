package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.Hooks;
import dev.hooks.check.CheckReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON assertions on a delivery's payload, and a check report's assertion that lists the failed checks. */
class JsonAndCheckAssertionsTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void jsonBodyIgnoresMemberOrderAndWhitespaceButNotValues(
            @Receive(provider = "paxos", verify = false) HooksReceiver r) {
        byte[] body = "{\"type\":\"identity.approved\",\"id\":\"evt_1\",\"data\":{\"n\":1,\"tags\":[\"a\",\"b\"]}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Hooks.send("identity.approved").provider("paxos").body(body).to(r.url());
        ReceivedDelivery d = r.awaitDelivery(WAIT);

        assertThat(d).hasJsonBody("""
                { "data": { "tags": ["a", "b"], "n": 1.0 },
                  "id": "evt_1", "type": "identity.approved" }
                """)
                .hasJsonPath("data.n", 1)
                .hasJsonPath("$.data.tags[1]", "b")
                .hasJsonPath("data.tags", List.of("a", "b"))
                .hasJsonPath("data", Map.of("n", 1, "tags", List.of("a", "b")));
        assertThatThrownBy(() -> assertThat(d).hasJsonBody("{\"data\":{\"tags\":[\"b\",\"a\"],\"n\":1},"
                + "\"id\":\"evt_1\",\"type\":\"identity.approved\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expected the JSON body");
        assertThatThrownBy(() -> assertThat(d).hasJsonPath("data.n", 2))
                .hasMessageStartingWith("Expected data.n to be 2, but it was 1");
        assertThatThrownBy(() -> assertThat(d).hasJsonPath("data.missing", "x"))
                .hasMessageStartingWith("Expected data.missing to be \"x\", but the body has no data.missing");
        assertThatThrownBy(() -> assertThat(d).hasJsonPath("data.tags[x]", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[x] is not an index");
    }

    @Test
    void aReportThatFailedListsEveryFailedCheckWithItsReason(
            @Receive(provider = "paismo", verify = false) HooksReceiver acceptsAnything) {
        CheckReport report = Hooks.check("paismo").secret(Secrets.PAISMO).to(acceptsAnything.url());
        assertThat(report.passed()).isFalse();

        assertThatThrownBy(() -> assertThat(report).hasPassed())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the paismo receiver at " + acceptsAnything.url()
                        + " to pass its checks, but ")
                .hasMessageContaining("bad-signature: ")
                .hasMessageContaining("tampered-body: ")
                .hasMessageNotContaining("pass raw-body");
        assertThat(report).hasPassed("raw-body");
        assertThatThrownBy(() -> assertThat(report).hasPassed("bad-signature"))
                .hasMessageStartingWith("Expected check bad-signature to pass at the paismo receiver");
    }

    @Test
    void aReceiverThatChecksPasses(@Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver strict) {
        assertThat(Hooks.check("paismo").secret(Secrets.PAISMO).to(strict.url())).hasPassed();
    }
}
