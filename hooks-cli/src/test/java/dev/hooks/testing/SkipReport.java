package dev.hooks.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of a test run which tests were skipped and why, one line per test class and reason, such as
 * {@code skipped 45 tests of OracleVectorsTest: node not found (apt-get install nodejs npm)}: Maven's own report
 * gives only counts. Registered in META-INF/services.
 */
public final class SkipReport implements TestExecutionListener {
    private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted")
                    .replaceFirst("^(Assumption failed: |skipped: )", "");
            skipped.computeIfAbsent(classOf(test) + "\u0000" + reason, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        new TreeMap<>(skipped).forEach((key, n) -> {
            String[] parts = key.split("\u0000", 2);
            System.out.println("skipped " + n + (n.get() == 1 ? " test" : " tests") + " of " + parts[0] + ": " + parts[1]);
        });
        skipped.clear();
    }

    private static String classOf(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1))
                .orElse(test.getDisplayName());
    }
}
