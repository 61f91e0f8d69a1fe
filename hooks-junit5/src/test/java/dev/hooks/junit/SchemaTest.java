package dev.hooks.junit;

import static dev.hooks.junit.HooksAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.Hooks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deliveries against their event's JSON Schema: the assertion, and {@code @Receive(schemaStrict = true)}. */
@ExtendWith(HooksExtension.class)
class SchemaTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aDeliveryMatchesItsSchemaOrTheAssertionNamesWhatItBreaks(
            @Receive(provider = "paismo", secret = Secrets.PAISMO) HooksReceiver receiver) {
        Hooks.send("employee.created").provider("paismo").secret(Secrets.PAISMO).to(receiver.url());
        assertThat(receiver.awaitDelivery(WAIT)).isVerified().matchesItsSchema();

        Hooks.send("employee.terminated").provider("paismo").secret(Secrets.PAISMO)
                .set("data.termination_date", null).to(receiver.url());
        ReceivedDelivery bad = receiver.awaitDelivery(WAIT);
        assertThat(bad.status()).as("accepted by default").isEqualTo(200);
        assertThat(bad.schema()).isEqualTo("invalid");
        assertThat(bad.schemaErrors()).singleElement().asString().startsWith("/data/termination_date: ");
        assertThatThrownBy(() -> assertThat(bad).matchesItsSchema()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("breaks it").hasMessageContaining("/data/termination_date");
    }

    @Test
    void schemaStrictRefusesADeliveryThatBreaksItsSchema(
            @Receive(provider = "paismo", secret = Secrets.PAISMO, schemaStrict = true) HooksReceiver receiver) {
        Hooks.send("employee.terminated").provider("paismo").secret(Secrets.PAISMO)
                .set("data.termination_date", null).to(receiver.url());
        ReceivedDelivery refused = receiver.awaitRefused(WAIT);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.responseText()).contains("/data/termination_date");
    }
}
