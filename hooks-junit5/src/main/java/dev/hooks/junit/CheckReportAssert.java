package dev.hooks.junit;

import dev.hooks.check.CheckReport;
import dev.hooks.check.CheckResult;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what {@code Hooks.check(provider)...to(url)} found; start them with
 * {@link HooksAssertions#assertThat(CheckReport)}. A failure lists the checks that failed, each with its reason.
 */
public class CheckReportAssert extends AbstractAssert<CheckReportAssert, CheckReport> {

    /**
     * Assertions on {@code actual}.
     *
     * @param actual the report
     */
    public CheckReportAssert(CheckReport actual) {
        super(actual, CheckReportAssert.class);
    }

    /**
     * Verifies the receiver was reached and no check failed (warnings are not failures).
     *
     * @return this
     */
    public CheckReportAssert hasPassed() {
        isNotNull();
        if (!actual.reached()) {
            failWithMessage("Expected the %s receiver at %s to pass its checks, but it could not be reached: %s",
                    actual.provider(), actual.url(), actual.unreachable());
        }
        if (!actual.passed()) {
            StringBuilder b = new StringBuilder("Expected the " + actual.provider() + " receiver at " + actual.url()
                    + " to pass its checks, but " + actual.count(CheckResult.Outcome.FAIL) + " of "
                    + actual.results().size() + " failed:");
            for (CheckResult r : actual.results()) {
                if (r.outcome() == CheckResult.Outcome.FAIL) {
                    b.append(System.lineSeparator()).append("  ").append(r.check().id())
                            .append(r.reason() == null ? "" : ": " + r.reason());
                }
            }
            failWithMessage("%s", b);
        }
        return this;
    }

    /**
     * Verifies one check passed.
     *
     * @param checkId the check's id, as {@code hooks check} names it (such as {@code raw-body})
     * @return this
     */
    public CheckReportAssert hasPassed(String checkId) {
        isNotNull();
        for (CheckResult r : actual.results()) {
            if (r.check().id().equals(checkId)) {
                if (r.outcome() == CheckResult.Outcome.FAIL) {
                    failWithMessage("Expected check %s to pass at the %s receiver at %s, but it failed: %s", checkId,
                            actual.provider(), actual.url(), r.reason());
                }
                return this;
            }
        }
        failWithMessage("Expected check %s to pass at the %s receiver at %s, but it was not run; the checks run were %s",
                checkId, actual.provider(), actual.url(),
                actual.results().stream().map(r -> r.check().id()).toList());
        return this;
    }
}
