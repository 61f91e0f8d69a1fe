package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.scheme.Headers;
import dev.hooks.scheme.ProviderCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerUnitsTest {
    static final ProviderCatalog CATALOG = new ProviderCatalog(List.of());

    static List<Endpoint> all() {
        List<Endpoint> out = new ArrayList<>();
        for (String n : ProviderCatalog.BUILT_IN) {
            out.add(new Endpoint(CATALOG.get(n), null, null, Endpoint.Auth.NONE));
        }
        return out;
    }

    static String detect(String... headers) {
        Headers h = new Headers();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        Endpoint e = Routing.detect(all(), h);
        return e == null ? null : e.name();
    }

    @Test
    void recognisesProvidersFromTheirHeaders() {
        assertThat(detect("X-Paismo-Signature", "ab")).isEqualTo("paismo");
        assertThat(detect("X-Paismo-Verification", "handshake")).isEqualTo("paismo");
        assertThat(detect("ms-signature", "sha256=ABCD")).isEqualTo("keypay");
        assertThat(detect("ms-signature", "ABCD")).isEqualTo("paycor");
        assertThat(detect("webhook-signature", "v1,x")).isEqualTo("standard-webhooks");
        assertThat(detect("svix-signature", "v1,x")).isEqualTo("svix");
        assertThat(detect("Stripe-Signature", "t=1,v1=ab")).isEqualTo("stripe");
        assertThat(detect("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=ab")).isEqualTo("github");
        assertThat(detect("X-Teal-Signature", "ab")).isEqualTo("teal");
        // Paxos sends nothing recognisable; it is the one provider without detect headers, so it is the fallback.
        assertThat(detect("X-Other", "1")).isEqualTo("paxos");
    }

    @Test
    void failuresFailTheFirstNThenAnswerTheStatus() {
        Failures f = new Failures(202, 2, 0, 503, Duration.ZERO);
        assertThat(f.next()).isEqualTo(new Failures.Outcome(503, "simulated failure 1 of 2 (--fail-first)"));
        assertThat(f.next().status()).isEqualTo(503);
        assertThat(f.next()).isEqualTo(new Failures.Outcome(202, null));
        assertThat(new Failures(200, 0, 1.0, 500, Duration.ZERO).next().failed()).isTrue();
        assertThat(new Failures(200, 0, 0.0, 500, Duration.ZERO).next().failed()).isFalse();
    }

    @Test
    void readsDottedPathsIncludingArrayIndexes() throws Exception {
        var root = Listener.JSON.readTree("{\"Notifications\":[{\"Action\":\"EmployeeCreated\"}],\"n\":7,\"o\":{}}");
        assertThat(Verifier.field(root, "Notifications.0.Action")).isEqualTo("EmployeeCreated");
        assertThat(Verifier.field(root, "n")).isEqualTo("7");
        assertThat(Verifier.field(root, "o")).isNull();
        assertThat(Verifier.field(root, "Notifications.1.Action")).isNull();
        assertThat(Verifier.field(root, "")).isNull();
    }

    @Test
    void theQueryIsDecodedAndBadEscapesDoNotThrow() {
        assertThat(RequestReader.parseQuery("hub.mode=subscribe&hub.challenge=a%20b&x=%zz")).containsEntry("hub.challenge", "a b")
                .containsEntry("x", "%zz");
    }
}
