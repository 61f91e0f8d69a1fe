package dev.hooks.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyVariantsTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"paismo", "keypay", "stripe", "standard-webhooks", "teal"})
    void everyVariantIsValidJsonThatAReserialiserWouldChange(String provider) throws Exception {
        Profile profile = new ProviderCatalog(List.of()).get(provider);
        SampleCatalog samples = SampleCatalog.builtIn();
        var event = samples.events(profile.samples()).get(0);
        List<BodyVariants.Variant> variants = BodyVariants.of(profile, () -> samples.render(event));
        assertThat(variants).extracting(BodyVariants.Variant::name).contains("other whitespace", "1.50", "emoji");
        assertThat(variants.stream().anyMatch(v -> v.name().equals("CRLF line breaks")))
                .isEqualTo(provider.equals("keypay"));
        for (BodyVariants.Variant v : variants) {
            JsonNode tree = JsonBody.parse(v.body(), v.name());
            JsonNode parsed = PLAIN.readTree(v.body());
            byte[] likeJavaScript = PLAIN.writeValueAsBytes(parsed);
            byte[] likePython = PLAIN.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(parsed);
            // Key order survives these two; a large integer survives Jackson (not JavaScript: see CheckIT).
            if (!v.name().equals("other key order") && !v.name().equals("a large integer")) {
                assertThat(Arrays.equals(v.body(), likeJavaScript) && Arrays.equals(v.body(), likePython))
                        .as(provider + ": a re-serialiser changes the body with " + v.name()).isFalse();
            }
            assertThat(tree.isObject()).isTrue();
        }
        String withOneFifty = new String(variants.stream().filter(v -> v.name().equals("1.50")).findFirst().orElseThrow()
                .body(), StandardCharsets.UTF_8);
        assertThat(withOneFifty).containsPattern("\"hooks_check\": ?1\\.50[,\\s}]").doesNotContain("hooks-check-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\":1250,\"id\":\"evt_1\"}", "{\"a\":\"no digits\"}"})
    void tamperingKeepsValidJsonAndChangesTheBytes(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] tampered = BodyVariants.tamper(bytes);
        assertThat(tampered).isNotEqualTo(bytes);
        assertThat(JsonBody.parse(tampered, "tampered")).isInstanceOf(ObjectNode.class);
    }
}
