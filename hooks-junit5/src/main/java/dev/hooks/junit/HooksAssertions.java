package dev.hooks.junit;

/**
 * AssertJ entry point for received deliveries; needs {@code org.assertj:assertj-core} on the test classpath (the
 * extension itself does not).
 *
 * <pre>{@code
 * import static dev.hooks.junit.HooksAssertions.assertThat;
 *
 * assertThat(receiver.awaitDelivery(Duration.ofSeconds(5)))
 *         .isVerified()
 *         .hasProvider("paismo")
 *         .hasEventType("employee.updated")
 *         .hasBodyContaining("\"department\"");
 * }</pre>
 */
public final class HooksAssertions {
    private HooksAssertions() {}

    /**
     * Starts assertions on a delivery.
     *
     * @param actual the delivery, as a {@link HooksReceiver} returned it
     * @return its assertions
     */
    public static ReceivedDeliveryAssert assertThat(ReceivedDelivery actual) {
        return new ReceivedDeliveryAssert(actual);
    }
}
