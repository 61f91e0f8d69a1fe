package dev.hooks.junit;

import dev.hooks.check.CheckReport;

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
 *         .hasBodyContaining("\"department\"")
 *         .hasJsonPath("data.department", "Finance");
 *
 * assertThat(Hooks.check("paismo").secret(secret).to(url)).hasPassed();
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

    /**
     * Starts assertions on what {@code Hooks.check(provider)...to(url)} found; {@code hasPassed()} lists every check
     * that failed when it fails.
     *
     * @param actual the report
     * @return its assertions
     */
    public static CheckReportAssert assertThat(CheckReport actual) {
        return new CheckReportAssert(actual);
    }
}
