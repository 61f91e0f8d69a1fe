package dev.hooks.check;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What {@link ReceiverCheck#run} found: one result per check that applies, the checks that do not, or that the
 * receiver could not be reached at all ({@link #unreachable()} then says why, and nothing was judged).
 */
public record CheckReport(String provider, URI url, Duration timeout, List<CheckResult> results,
                          List<NotApplicable> notApplicable, String unreachable, long elapsedNanos) {
    public CheckReport {
        results = List.copyOf(results);
        notApplicable = List.copyOf(notApplicable);
    }

    public boolean reached() {
        return unreachable == null;
    }

    public long count(CheckResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** True when the receiver was reached and no check failed. */
    public boolean passed() {
        return reached() && count(CheckResult.Outcome.FAIL) == 0;
    }

    /** One line per check ({@code fail raw-body: ...}), for a test's failure message. */
    @Override
    public String toString() {
        if (!reached()) {
            return provider + " receiver at " + url + " could not be reached: " + unreachable;
        }
        StringBuilder out = new StringBuilder(provider + " receiver at " + url + ": "
                + (passed() ? "passed" : count(CheckResult.Outcome.FAIL) + " of " + results.size() + " checks failed"));
        for (CheckResult r : results) {
            out.append("\n  ").append(r.outcome().label()).append(' ').append(r.check().id())
                    .append(r.reason() == null ? "" : ": " + r.reason());
        }
        return out.toString();
    }
}
