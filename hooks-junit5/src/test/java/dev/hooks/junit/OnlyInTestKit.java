package dev.hooks.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that is meant to run only inside another test, through EngineTestKit: it is skipped unless the
 * configuration parameter {@value #PARAMETER} is set, as the outer test sets it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OnlyInTestKit.Condition.class)
@interface OnlyInTestKit {
    String PARAMETER = "hooks.junit.testkit";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                    : ConditionEvaluationResult.disabled("runs only through EngineTestKit, from its outer test");
        }
    }
}
