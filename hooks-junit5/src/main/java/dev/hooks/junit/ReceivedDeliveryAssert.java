package dev.hooks.junit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ReceivedDelivery}; start them with {@link HooksAssertions#assertThat}. Each failure
 * message shows the delivery on one line (method, path, provider, event, status answered and the reason).
 */
public class ReceivedDeliveryAssert extends AbstractAssert<ReceivedDeliveryAssert, ReceivedDelivery> {

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
    public ReceivedDeliveryAssert hasBody(byte[] body) {
        isNotNull();
        if (!java.util.Arrays.equals(actual.body(), body)) {
            failWithMessage("Expected the body <%s>, but it was <%s>:%n  %s",
                    abbreviate(new String(body, StandardCharsets.UTF_8)), abbreviate(actual.bodyText()), actual);
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

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
