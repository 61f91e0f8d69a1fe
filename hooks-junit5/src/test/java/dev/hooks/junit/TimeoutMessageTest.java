package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.hooks.Hooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/**
 * A test that awaits a delivery in vain fails with a message that says where the receiver listened and what did
 * arrive, with why each was refused. The failing tests are in {@link Failing}, run here through EngineTestKit.
 */
class TimeoutMessageTest {
    /** Each failing test's receiver URL, by test name. */
    static final Map<String, URI> URLS = new ConcurrentHashMap<>();

    @Test
    void nothingArrivedAtAll() {
        String message = failureOf("nothingComes");
        URI url = URLS.get("nothingComes");
        assertThat(message).startsWith("awaited 1 delivery for 300 ms at " + url + " (paismo; also at /paismo), but none came")
                .endsWith("nothing arrived at all: no request reached the receiver");
    }

    @Test
    void aRefusedDeliveryIsListedWithItsReason() {
        String message = failureOf("wrongSecret");
        URI url = URLS.get("wrongSecret");
        assertThat(message).startsWith("awaited 1 delivery for 500 ms at " + url)
                .contains("but none came. 1 request arrived, 1 refused:")
                .contains("\n  1. POST /webhook [paismo employee.updated id ")
                .contains("→ 401 refused: ")
                .containsIgnoringCase("signature");
    }

    @Test
    void everyKindOfRefusalSaysWhy() {
        String message = failureOf("severalRefusals");
        assertThat(message).contains("but none came. 4 requests arrived, 4 refused:")
                .contains("1. POST /webhook [paxos identity.approved id ")
                .contains("→ 401 refused: missing API key header X-API-Key")
                .contains("2. POST /webhook [paxos identity.approved id ")
                .contains("→ 401 refused: wrong API key in X-API-Key")
                .contains("3. POST /elsewhere → 404 refused: no webhook endpoint at /elsewhere")
                .contains("4. POST /webhook [paxos] → 400 refused: malformed JSON");
        assertThat(message).doesNotContain(Secrets.PAXOS_API_KEY);
    }

    @Test
    void fewerThanAwaitedSaysHowManyCameAndMarksThoseAlreadyReturned() {
        String message = failureOf("oneOfTwo");
        assertThat(message).startsWith("awaited 2 deliveries for 500 ms at " + URLS.get("oneOfTwo"))
                .contains("but only 1 came. 2 requests arrived:")
                .contains("1. POST /webhook [paismo employee.created id ")
                .contains("→ 200 verified (returned by an earlier await)")
                .contains("2. POST /paismo [paismo employee.updated id ");
    }

    @Test
    void awaitingARefusalThatNeverComesListsTheAcceptedOnes() {
        String message = failureOf("noRefusal");
        assertThat(message).startsWith("awaited 1 refused request for 300 ms at ")
                .contains("1 request arrived:")
                .contains("→ 200 verified");
    }

    @Test
    void severalProvidersAreNamedInTheMessage() {
        String message = failureOf("severalProviders");
        assertThat(message).startsWith("awaited 1 delivery for 200 ms at " + URLS.get("severalProviders")
                + " (recognising paismo, teal by their headers; each also at /NAME), but none came");
    }

    private static String failureOf(String test) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectMethod(Failing.class, test, Failing.PARAMETERS.getOrDefault(test, "")))
                .execute();
        Event failed = results.testEvents().failed().stream().findFirst()
                .orElseThrow(() -> new AssertionError(test + " did not fail: " + results.allEvents().list()));
        Throwable t = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(t).isInstanceOf(AssertionFailedError.class);
        return t.getMessage();
    }

    @OnlyInTestKit
    @ExtendWith(HooksExtension.class)
    static class Failing {
        /** The parameter types of the tests that take any, for selecting them by name. */
        static final Map<String, String> PARAMETERS = Map.of("severalRefusals", HooksReceiver.class.getName(),
                "severalProviders", HooksReceiver.class.getName());
        static final HttpClient HTTP = HttpClient.newHttpClient();

        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        HooksReceiver paismo;

        @Test
        void nothingComes() {
            URLS.put("nothingComes", paismo.url());
            paismo.awaitDelivery(Duration.ofMillis(300));
        }

        @Test
        void wrongSecret() {
            URLS.put("wrongSecret", paismo.url());
            Hooks.send("employee.updated").provider("paismo").secret("not-the-secret").to(paismo.url());
            paismo.awaitDelivery(Duration.ofMillis(500));
        }

        @Test
        void oneOfTwo() {
            URLS.put("oneOfTwo", paismo.url());
            Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(paismo.url());
            paismo.awaitDelivery(Duration.ofSeconds(10));
            Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO).to(paismo.url("paismo"));
            paismo.awaitDeliveries(2, Duration.ofMillis(500));
        }

        @Test
        void noRefusal() {
            Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(paismo.url());
            paismo.awaitDelivery(Duration.ofSeconds(10));
            paismo.awaitRefused(Duration.ofMillis(300));
        }

        @Test
        void severalRefusals(@Receive(provider = "paxos", apiKey = Secrets.PAXOS_API_KEY) HooksReceiver paxos) throws Exception {
            Hooks.send("identity.approved").provider("paxos").to(paxos.url());
            Hooks.send("identity.approved").provider("paxos").apiKey("a-wrong-key").to(paxos.url());
            post(paxos.url().resolve("/elsewhere"), "{}");
            HttpRequest malformed = HttpRequest.newBuilder(paxos.url()).header("X-API-Key", Secrets.PAXOS_API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build();
            HTTP.send(malformed, HttpResponse.BodyHandlers.discarding());
            paxos.awaitDelivery(Duration.ofMillis(500));
        }

        @Test
        void severalProviders(@Receive(provider = "paismo", secret = Secrets.PAISMO)
                @Receive(provider = "teal", secret = Secrets.TEAL) HooksReceiver receiver) {
            URLS.put("severalProviders", receiver.url());
            receiver.awaitDelivery(Duration.ofMillis(200));
        }

        private static void post(URI url, String body) throws Exception {
            HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}
