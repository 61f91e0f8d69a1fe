package dev.hooks.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ReceivedDelivery}; start them with {@link HooksAssertions#assertThat}. Each failure
 * message shows the delivery on one line (method, path, provider, event, status answered and the reason).
 */
public class ReceivedDeliveryAssert extends AbstractAssert<ReceivedDeliveryAssert, ReceivedDelivery> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON values compare as JSON does: numbers by value ({@code 1} equals {@code 1.0}), the rest as Jackson does. */
    private static final Comparator<JsonNode> SAME_JSON = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /**
     * Assertions on {@code actual}.
     *
     * @param actual the delivery
     */
    public ReceivedDeliveryAssert(ReceivedDelivery actual) {
        super(actual, ReceivedDeliveryAssert.class);
    }

    /**
     * Verifies that every check passed ({@link ReceivedDelivery#verified()}).
     *
     * @return this
     */
    public ReceivedDeliveryAssert isVerified() {
        isNotNull();
        if (!actual.verified()) {
            failWithMessage("Expected the delivery to be verified, but it was not%s:%n  %s",
                    actual.reason() == null ? " (nothing was checked)" : "", actual);
        }
        return this;
    }

    /**
     * Verifies that the body matches its event's JSON Schema ({@link ReceivedDelivery#schema()} is {@code valid}).
     *
     * @return this
     */
    public ReceivedDeliveryAssert matchesItsSchema() {
        isNotNull();
        String schema = actual.schema();
        if (!"valid".equals(schema)) {
            String nl = System.lineSeparator();
            String why = "none".equals(schema)
                    ? "its event " + actual.eventType() + " has no schema (or it was not verified)"
                    : "it breaks it:" + nl + "    " + String.join(nl + "    ", actual.schemaErrors());
            failWithMessage("Expected the delivery to match its schema, but %s%n  %s", why, actual);
        }
        return this;
    }

    /**
     * Verifies that the delivery did not verify.
     *
     * @return this
     */
    public ReceivedDeliveryAssert isNotVerified() {
        isNotNull();
        if (actual.verified()) {
            failWithMessage("Expected the delivery not to be verified, but it was:%n  %s", actual);
        }
        return this;
    }

    /**
     * Verifies that the receiver refused the delivery ({@link ReceivedDelivery#refused()}).
     *
     * @return this
     */
    public ReceivedDeliveryAssert isRefused() {
        isNotNull();
        if (!actual.refused()) {
            failWithMessage("Expected the delivery to be refused, but it was not:%n  %s", actual);
        }
        return this;
    }

    /**
     * Verifies that the answer was a simulated failure ({@link ReceivedDelivery#simulated()}).
     *
     * @return this
     */
    public ReceivedDeliveryAssert isSimulatedFailure() {
        isNotNull();
        if (!actual.simulated()) {
            failWithMessage("Expected a simulated failure, but it was not:%n  %s", actual);
        }
        return this;
    }

    /**
     * Verifies the reason contains the text ({@link ReceivedDelivery#reason()}).
     *
     * @param text the expected part of the reason
     * @return this
     */
    public ReceivedDeliveryAssert hasReasonContaining(String text) {
        isNotNull();
        if (actual.reason() == null || !actual.reason().contains(text)) {
            failWithMessage("Expected the reason to contain <%s>, but it was <%s>:%n  %s", text, actual.reason(), actual);
        }
        return this;
    }

    /**
     * Verifies the event type.
     *
     * @param eventType the expected event type
     * @return this
     */
    public ReceivedDeliveryAssert hasEventType(String eventType) {
        isNotNull();
        if (!Objects.equals(actual.eventType(), eventType)) {
            failWithMessage("Expected event type <%s>, but it was <%s>:%n  %s", eventType, actual.eventType(), actual);
        }
        return this;
    }

    /**
     * Verifies the event id.
     *
     * @param eventId the expected event id
     * @return this
     */
    public ReceivedDeliveryAssert hasEventId(String eventId) {
        isNotNull();
        if (!Objects.equals(actual.eventId(), eventId)) {
            failWithMessage("Expected event id <%s>, but it was <%s>:%n  %s", eventId, actual.eventId(), actual);
        }
        return this;
    }

    /**
     * Verifies the provider.
     *
     * @param provider the expected provider's name
     * @return this
     */
    public ReceivedDeliveryAssert hasProvider(String provider) {
        isNotNull();
        if (!Objects.equals(actual.provider(), provider)) {
            failWithMessage("Expected provider <%s>, but it was <%s>:%n  %s", provider, actual.provider(), actual);
        }
        return this;
    }

    /**
     * Verifies the status the receiver answered.
     *
     * @param status the expected status
     * @return this
     */
    public ReceivedDeliveryAssert hasStatus(int status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected status <%s>, but it was <%s>:%n  %s", status, actual.status(), actual);
        }
        return this;
    }

    /**
     * Verifies the request path.
     *
     * @param path the expected path, such as {@code /webhook}
     * @return this
     */
    public ReceivedDeliveryAssert hasPath(String path) {
        isNotNull();
        if (!Objects.equals(actual.path(), path)) {
            failWithMessage("Expected path <%s>, but it was <%s>:%n  %s", path, actual.path(), actual);
        }
        return this;
    }

    /**
     * Verifies that a header was sent with this value (one of its values, when sent several times).
     *
     * @param name the header's name, matched without regard to case
     * @param value the expected value
     * @return this
     */
    public ReceivedDeliveryAssert hasHeader(String name, String value) {
        isNotNull();
        List<String> values = actual.headers(name);
        if (!values.contains(value)) {
            failWithMessage("Expected header <%s: %s>, but %s:%n  %s", name, value,
                    values.isEmpty() ? "it was not sent" : "it was " + values, actual);
        }
        return this;
    }

    /**
     * Verifies that a header was sent, whatever its value.
     *
     * @param name the header's name, matched without regard to case
     * @return this
     */
    public ReceivedDeliveryAssert hasHeader(String name) {
        isNotNull();
        if (actual.headers(name).isEmpty()) {
            failWithMessage("Expected header <%s>, but it was not sent; headers were %s:%n  %s", name,
                    actual.headers().keySet(), actual);
        }
        return this;
    }

    /**
     * Verifies the payload contains the text: the {@linkplain ReceivedDelivery#plaintext() plaintext}, that is the
     * decrypted body for an encrypted delivery, the body as received otherwise.
     *
     * @param text the expected part of the payload
     * @return this
     */
    public ReceivedDeliveryAssert hasBodyContaining(String text) {
        isNotNull();
        String body = actual.plaintextText();
        if (!body.contains(text)) {
            failWithMessage("Expected the body to contain <%s>, but it was <%s>:%n  %s", text, abbreviate(body), actual);
        }
        return this;
    }

    /**
     * Verifies the body exactly as received (before any decryption), byte for byte.
     *
     * @param body the expected raw bytes
     * @return this
     */
    public ReceivedDeliveryAssert hasRawBody(byte[] body) {
        isNotNull();
        if (!java.util.Arrays.equals(actual.rawBody(), body)) {
            failWithMessage("Expected the body <%s>, but it was <%s>:%n  %s",
                    abbreviate(new String(body, StandardCharsets.UTF_8)), abbreviate(actual.rawBodyText()), actual);
        }
        return this;
    }

    /**
     * Verifies which attempt of its event this delivery was ({@link ReceivedDelivery#attempt()}).
     *
     * @param attempt the expected attempt number, from 1
     * @return this
     */
    public ReceivedDeliveryAssert isAttempt(int attempt) {
        isNotNull();
        if (actual.attempt() != attempt) {
            failWithMessage("Expected attempt <%s>, but it was <%s>:%n  %s", attempt, actual.attempt(), actual);
        }
        return this;
    }

    /**
     * Verifies the payload ({@linkplain ReceivedDelivery#plaintext() plaintext}) is this JSON document, ignoring
     * whitespace and the order of object members; arrays keep their order, and numbers compare by value.
     *
     * @param expectedJson the expected document
     * @return this
     */
    public ReceivedDeliveryAssert hasJsonBody(String expectedJson) {
        isNotNull();
        JsonNode expected;
        try {
            expected = JSON.readTree(expectedJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("hasJsonBody: the expected JSON does not parse: "
                    + e.getOriginalMessage());
        }
        JsonNode body = actualJson();
        if (!body.equals(SAME_JSON, expected)) {
            failWithMessage("Expected the JSON body%n  %s%nbut it was%n  %s%n  %s", abbreviate(expected.toString()),
                    abbreviate(body.toString()), actual);
        }
        return this;
    }

    /**
     * Verifies the value at a path of the JSON payload: {@code data.department}, {@code data.items[0].sku} (a leading
     * {@code $.} is allowed). The value compares as JSON: a {@code String} a string, a number a number by value,
     * {@code true}/{@code false} a boolean, {@code null} a JSON null; a {@code Map} or {@code List} an object or
     * array.
     *
     * @param path the dotted path, with {@code [n]} for array elements
     * @param value the expected value
     * @return this
     */
    public ReceivedDeliveryAssert hasJsonPath(String path, Object value) {
        isNotNull();
        JsonNode body = actualJson();
        JsonNode at = body.at(pointer(path));
        JsonNode expected = JSON.valueToTree(value);
        if (at.isMissingNode()) {
            failWithMessage("Expected %s to be %s, but the body has no %s: %s%n  %s", path, expected, path,
                    abbreviate(body.toString()), actual);
        } else if (!at.equals(SAME_JSON, expected)) {
            failWithMessage("Expected %s to be %s, but it was %s%n  %s", path, expected, at, actual);
        }
        return this;
    }

    private JsonNode actualJson() {
        String text = actual.plaintextText();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            failWithMessage("Expected a JSON body, but it does not parse (%s): <%s>%n  %s", e.getOriginalMessage(),
                    abbreviate(text), actual);
        }
        failWithMessage("Expected a JSON body, but it was empty%n  %s", actual);
        throw new AssertionError(); // failWithMessage throws
    }

    /** {@code $.data.items[0].sku} as the JSON Pointer {@code /data/items/0/sku}. */
    static String pointer(String path) {
        String p = path.startsWith("$.") ? path.substring(2) : path.equals("$") ? "" : path;
        StringBuilder out = new StringBuilder();
        for (String part : p.isEmpty() ? new String[0] : p.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                out.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw new IllegalArgumentException("hasJsonPath: '" + path + "' has a [ without its ]");
                }
                String index = part.substring(bracket + 1, close);
                if (!index.chars().allMatch(Character::isDigit) || index.isEmpty()) {
                    throw new IllegalArgumentException("hasJsonPath: '" + path + "': [" + index + "] is not an index");
                }
                out.append('/').append(index);
                bracket = part.indexOf('[', close);
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
