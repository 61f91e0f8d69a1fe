package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.hooks.testing.RandomInputs;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The small JSON writer escapes what JSON requires, wherever in a string it appears; Jackson reads it back. */
class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void escapesAtTheStartInTheMiddleAndAtTheEnd() {
        assertThat(Json.write("\"quoted\"", 0)).isEqualTo("\"\\\"quoted\\\"\"");
        assertThat(Json.write("a\\b\nc\td\re", 0)).isEqualTo("\"a\\\\b\\nc\\td\\re\"");
        assertThat(Json.write("bell\u0007", 0)).isEqualTo("\"bell\\u0007\"");
        assertThat(Json.write("plain café ✓", 0)).isEqualTo("\"plain café ✓\"");
        assertThat(Json.write("", 0)).isEqualTo("\"\"");
        assertThat(Json.write("emoji \uD83D\uDE00", 0).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("\"emoji \uD83D\uDE00\"".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .contains((byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80);
    }

    static Stream<RandomInputs> tries() {
        return RandomInputs.tries(1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tries")
    void anyStringSurvivesWriteThenRead(RandomInputs random) throws Exception {
        String s = random.text(40);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(s, List.of(s, true, 42L));
        String json = Json.write(doc, 0);
        assertThat(Json.parse(json)).isEqualTo(doc);
        assertThat(JACKSON.readTree(json).get(s).get(0).asText()).isEqualTo(s);
    }
}
