package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.HooksException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile's {@code emulate} section: parsed, defaulted, and refused with the bad field named. */
class EmulateSpecTest {
    private static Profile parse(String emulate) {
        return ProfileParser.parse("{\"name\": \"acme\", \"emulate\": " + emulate + "}", "acme.json");
    }

    @Test
    void theFiveDocumentedProvidersCanBeEmulatedAndTheOthersCannot() {
        ProviderCatalog catalog = new ProviderCatalog(List.of());
        for (String name : List.of("paismo", "teal", "paycor", "paxos", "keypay")) {
            Profile.EmulateSpec e = catalog.get(name).emulate();
            assertThat(e).as(name).isNotNull();
            assertThat(e.retention()).as(name).isEqualTo(Duration.ofDays(90));
        }
        assertThat(catalog.get("paismo").emulate().verify()).isEqualTo("endpoint");
        assertThat(catalog.get("paycor").emulate().pausedByDefault()).isTrue();
        assertThat(catalog.get("paxos").emulate().thin()).containsExactly("id", "type", "source", "time", "object");
        assertThat(catalog.get("stripe").emulate()).isNull();
    }

    @Test
    void defaults() {
        Profile.EmulateSpec e = parse("{\"api\": \"teal\"}").emulate();
        assertThat(e.base()).isEqualTo("/webhooks");
        assertThat(e.verify()).isEqualTo("none");
        assertThat(e.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(e.thin()).isEmpty();
        assertThat(e.keyHeader()).isNull();
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(HooksException.class).hasMessageContaining("emulate.api");
        assertThatThrownBy(() -> parse("{\"api\": \"soap\"}")).hasMessageContaining("emulate.api");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"base\": \"webhooks/\"}")).hasMessageContaining("emulate.base");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"verify\": \"maybe\"}")).hasMessageContaining("emulate.verify");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"retention\": \"forever\"}"))
                .hasMessageContaining("emulate.retention");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"keyHeader\": \"bad header\"}"))
                .hasMessageContaining("emulate.keyHeader");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"pausedByDefault\": \"yes\"}"))
                .hasMessageContaining("emulate.pausedByDefault");
        assertThatThrownBy(() -> parse("{\"api\": \"teal\", \"bsae\": \"/x\"}")).hasMessageContaining("emulate.bsae");
    }
}
