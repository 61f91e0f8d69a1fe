package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the built-in profiles decide where the providers' documents are silent is listed in README's decisions,
 * with the profiles' own values: a status that stops the retries (none for KeyPay, whose document retries every
 * failure), the failures that fail a subscription, Teal's payload default.
 */
class DecisionsDocumentedTest {
    private static final ProviderCatalog PROVIDERS = new ProviderCatalog(List.of());

    /** README's decisions, one entry per provider: the bullet's text on one line, by the name that starts it. */
    private static Map<String, String> decisions() throws IOException {
        String readme = Files.readString(dev.hooks.testing.Project.root().resolve("README.md"));
        int from = readme.indexOf("<!-- section:decisions -->");
        int to = readme.indexOf("<!-- /section:decisions -->");
        assertThat(from).as("README's decisions section").isNotNegative();
        Map<String, String> byName = new LinkedHashMap<>();
        for (String bullet : readme.substring(from, to).split("\n- ")) {
            String text = bullet.replaceAll("\\s*\n\\s*", " ").strip();
            int colon = text.indexOf(':');
            if (colon > 0 && !text.startsWith("<!--")) {
                byName.put(text.substring(0, colon), text.substring(colon + 1));
            }
        }
        return byName;
    }

    @Test
    void keypayAndPaycorStoppingOnAStatusAndFailingTheSubscriptionAreListedWithTheProfilesValues() throws IOException {
        Map<String, String> decisions = decisions();
        // KeyPay's document retries every non-success, 410 included; Paycor's is silent, so the ASP.NET rule holds.
        assertThat(PROVIDERS.get("keypay").delivery().stopOn()).isEmpty();
        assertThat(decisions.get("KeyPay")).contains("410 Gone included").contains("`delivery.stopOn` is empty");
        assertThat(PROVIDERS.get("paycor").delivery().stopOn()).containsExactly(410);
        for (String[] p : new String[][] {{"keypay", "KeyPay"}, {"paycor", "Paycor"}}) {
            Profile.DeliverySpec delivery = PROVIDERS.get(p[0]).delivery();
            assertThat(decisions).as("a decision for " + p[1]).containsKey(p[1]);
            String text = decisions.get(p[1]);
            for (int status : delivery.stopOn()) {
                assertThat(text).as(p[1]).containsPattern(status + "[^.;]*stops");
            }
            assertThat(text).as(p[1]).contains("subscription failed after " + delivery.failureLimit());
        }
    }

    @Test
    void tealsPayloadDefaultIsListed() throws IOException {
        assertThat(PROVIDERS.get("teal").envelope().payload()).isEqualTo("data.payload");
        assertThat(decisions()).as("a decision for Teal").containsKey("Teal");
        assertThat(decisions().get("Teal")).contains("include_payload").contains("--no-payload");
    }
}
