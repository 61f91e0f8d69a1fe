package dev.hooks.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody.Style;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static ObjectNode workItem() {
        ObjectNode tree = JsonBody.mapper().createObjectNode();
        tree.put("Id", "1234567890");
        tree.put("Attempt", 1);
        tree.putObject("Properties").put("p1", "pv1");
        tree.putArray("Notifications").addObject().put("Action", "a1").put("d1", "dv1");
        return tree;
    }

    @Test
    void newtonsoftIndentedMatchesTheAspNetWebHooksBodyByteForByte() {
        String expected = "{\r\n  \"Id\": \"1234567890\",\r\n  \"Attempt\": 1,\r\n  \"Properties\": {\r\n    \"p1\": \"pv1\"\r\n  },"
                + "\r\n  \"Notifications\": [\r\n    {\r\n      \"Action\": \"a1\",\r\n      \"d1\": \"dv1\"\r\n    }\r\n  ]\r\n}";

        assertThat(JsonBody.toBytes(workItem(), Style.NEWTONSOFT_INDENTED)).isEqualTo(expected.getBytes(UTF_8));
    }

    @Test
    void newtonsoftPrintsEmptyContainersWithoutSpace() {
        ObjectNode tree = JsonBody.mapper().createObjectNode();
        tree.put("Id", "x");
        tree.putObject("Properties");
        tree.putArray("Notifications");

        assertThat(new String(JsonBody.toBytes(tree, Style.NEWTONSOFT_INDENTED), UTF_8))
                .isEqualTo("{\r\n  \"Id\": \"x\",\r\n  \"Properties\": {},\r\n  \"Notifications\": []\r\n}");
    }

    @Test
    void prettyIsTheSameShapeWithLineFeeds() {
        String pretty = new String(JsonBody.toBytes(workItem(), Style.PRETTY), UTF_8);

        assertThat(pretty).doesNotContain("\r").startsWith("{\n  \"Id\": \"1234567890\",\n").endsWith("\n  ]\n}");
        assertThat(pretty.replace("\n", "\r\n"))
                .isEqualTo(new String(JsonBody.toBytes(workItem(), Style.NEWTONSOFT_INDENTED), UTF_8));
    }

    @Test
    void compactHasNoWhitespace() {
        assertThat(new String(JsonBody.toBytes(workItem(), Style.COMPACT), UTF_8)).isEqualTo(
                "{\"Id\":\"1234567890\",\"Attempt\":1,\"Properties\":{\"p1\":\"pv1\"},"
                        + "\"Notifications\":[{\"Action\":\"a1\",\"d1\":\"dv1\"}]}");
    }

    @Test
    void nestedArraysOfScalarsAreOneValuePerLine() {
        JsonNode tree = JsonBody.parse("{\"a\":[1,[2,3],{}]}".getBytes(UTF_8), "test");

        assertThat(new String(JsonBody.toBytes(tree, Style.PRETTY), UTF_8))
                .isEqualTo("{\n  \"a\": [\n    1,\n    [\n      2,\n      3\n    ],\n    {}\n  ]\n}");
    }

    @Test
    void numbersKeepTheirWrittenForm() {
        String body = "{\"gross\":4250.00,\"rate\":38.0,\"big\":12345678901234567890,\"n\":-7}";

        JsonNode tree = JsonBody.parse(body.getBytes(UTF_8), "test");

        assertThat(new String(JsonBody.toBytes(tree, Style.COMPACT), UTF_8)).isEqualTo(body);
    }

    @Test
    void newtonsoftEscapesControlCharactersInLowercaseHexAndLineSeparators() {
        ObjectNode tree = JsonBody.mapper().createObjectNode();
        tree.put("s", "a\u001fb\tc\"d\\e\u2028f\u0085g/é");

        String newtonsoft = new String(JsonBody.toBytes(tree, Style.NEWTONSOFT_INDENTED), UTF_8);

        assertThat(newtonsoft).isEqualTo("{\r\n  \"s\": \"a\\u001fb\\tc\\\"d\\\\e\\u2028f\\u0085g/é\"\r\n}");
    }

    @Test
    void charactersOutsideTheBasicMultilingualPlaneAreWrittenRawInEveryStyle() {
        ObjectNode tree = JsonBody.mapper().createObjectNode();
        tree.put("note", "paid \uD83D\uDE00 in full \uD834\uDD1E");
        byte[] raw = "paid \uD83D\uDE00 in full \uD834\uDD1E".getBytes(UTF_8);

        for (Style style : Style.values()) {
            byte[] bytes = JsonBody.toBytes(tree, style);
            assertThat(new String(bytes, UTF_8)).as(style.name()).doesNotContain("\\u").contains("\uD83D\uDE00");
            assertThat(indexOf(bytes, raw)).as(style.name() + " writes the four UTF-8 bytes of each").isPositive();
        }
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i <= in.length - what.length; i++) {
            if (java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void parseRejectsDuplicateKeysAndTrailingContent() {
        assertThatThrownBy(() -> JsonBody.parse("{\"a\":1,\"a\":2}".getBytes(UTF_8), "x.json"))
                .isInstanceOf(HooksException.class).hasMessageStartingWith("x.json: not valid JSON");
        assertThatThrownBy(() -> JsonBody.parse("{} {}".getBytes(UTF_8), "x.json"))
                .isInstanceOf(HooksException.class).hasMessageStartingWith("x.json: not valid JSON");
        assertThatThrownBy(() -> JsonBody.parse(new byte[0], "x.json"))
                .isInstanceOf(HooksException.class).hasMessageContaining("empty");
    }
}
