package dev.hooks.junit;

import dev.hooks.HooksException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension that gives a test real webhook receivers: a {@link HooksReceiver} for every parameter and
 * every field of that type annotated {@link Receive}, started on 127.0.0.1 and a free port, stopped after it.
 *
 * <p>{@link Receive} registers it by itself; {@code @ExtendWith(HooksExtension.class)} on the class is needed only for
 * a {@code HooksReceiver} parameter without {@code @Receive}, to be told what it lacks.
 *
 * <pre>{@code
 * class SenderTest {
 *     @Test
 *     void signsWithTheSharedSecret(@Receive(provider = "standard-webhooks", secret = SECRET) HooksReceiver receiver) {
 *         sender.deliver(receiver.url(), "invoice.paid");
 *         assertTrue(receiver.awaitDelivery(Duration.ofSeconds(5)).verified());
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A parameter (of a test method, a constructor, or a {@code @BeforeEach}/{@code @BeforeAll} method) gets a
 *       receiver of its own, stopped when that method's test (or, for {@code @BeforeAll}, the class) is over.
 *       A constructor's receiver lives as long as the context JUnit constructs the instance in (the class's, by
 *       default).</li>
 *   <li>An instance field gets a fresh receiver before each test (before {@code @BeforeEach} methods run), stopped
 *       after it.</li>
 *   <li>A static field gets one receiver per test class, started before {@code @BeforeAll} methods run and stopped
 *       after the class.</li>
 * </ul>
 *
 * <p>Receivers are kept in JUnit's {@link ExtensionContext.Store} of the test or class they belong to, so test
 * classes and methods run in parallel each get their own. A {@code HooksReceiver} parameter without {@code @Receive},
 * or an annotation the receiver cannot be configured from (an unknown provider, a signing provider without a secret),
 * fails the test with a one-line message.
 */
public final class HooksExtension implements ParameterResolver, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HooksExtension.class);

    /** The oldest JUnit Jupiter that registers an extension from an annotation on a field or a parameter. */
    static final String OLDEST_JUPITER = "5.8";
    /** Null when the JUnit Jupiter that runs is new enough, or the one line that says it is not. */
    private static final String TOO_OLD = tooOld(org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion());

    /** Created by JUnit through {@code @ExtendWith(HooksExtension.class)} or {@code @RegisterExtension}. */
    public HooksExtension() {}

    /**
     * The one line that says this JUnit Jupiter is too old, or null when it is new enough (or says no version).
     * Before 5.8 Jupiter ignores {@code @ExtendWith} on fields and parameters, so {@code @Receive} alone would leave
     * a field null and a parameter unresolved without a word.
     */
    static String tooOld(String version) {
        if (version == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.lookingAt()) {
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > 5 || major == 5 && minor >= 8) {
            return null;
        }
        return "hooks-junit5 needs JUnit Jupiter " + OLDEST_JUPITER + " or later, but this test runs on JUnit Jupiter "
                + version + ": depend on org.junit.jupiter:junit-jupiter 5.10 or later (or 6)";
    }

    private static void requireJupiter() {
        if (TOO_OLD != null) {
            throw new ExtensionConfigurationException(TOO_OLD);
        }
    }

    /**
     * Starts a receiver for each static {@code HooksReceiver} field annotated {@link Receive} of the test class (and
     * its superclasses), before the class's {@code @BeforeAll} methods run.
     *
     * @param context the test class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        requireJupiter();
        Class<?> testClass = context.getRequiredTestClass();
        for (Field f : fields(testClass)) {
            if (Modifier.isStatic(f.getModifiers())) {
                inject(f, null, context);
            }
        }
    }

    /**
     * Starts a fresh receiver for each instance {@code HooksReceiver} field annotated {@link Receive} of the test
     * instance (and of its enclosing instances, for {@code @Nested} tests), before {@code @BeforeEach} methods run.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        requireJupiter();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : fields(instance.getClass())) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    inject(f, instance, context);
                }
            }
        }
    }

    /**
     * Stops the receivers of the test that has just run (its fields' and its parameters').
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        stopAll(context);
    }

    /**
     * Stops the receivers of the test class (its static fields' and its {@code @BeforeAll} methods' parameters).
     *
     * @param context the test class's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        stopAll(context);
    }

    /**
     * Whether the parameter is a {@link HooksReceiver} or annotated {@link Receive}; one without the annotation, or
     * of another type, is claimed too, so that its resolution can say what is wrong.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context it is resolved in
     * @return true for a {@code HooksReceiver} parameter or a {@code @Receive} one
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HooksReceiver.class
                || parameterContext.isAnnotated(Receive.class) || parameterContext.isAnnotated(Receive.All.class);
    }

    /**
     * Starts a receiver configured by the parameter's {@link Receive} annotations.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context the receiver belongs to, and is stopped with
     * @return the started receiver
     * @throws ParameterResolutionException when the parameter has no {@code @Receive}, or it cannot be served
     */
    @Override
    public HooksReceiver resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        requireJupiter();
        String what = describe(parameterContext);
        List<Receive> receives = parameterContext.findRepeatableAnnotations(Receive.class);
        if (parameterContext.getParameter().getType() != HooksReceiver.class) {
            throw new ParameterResolutionException("@Receive " + what + " must be of type HooksReceiver, not "
                    + parameterContext.getParameter().getType().getSimpleName());
        }
        if (receives.isEmpty()) {
            throw new ParameterResolutionException("HooksReceiver " + what + " needs @Receive(provider = \"...\") "
                    + "to say which provider it receives, e.g. @Receive(provider = \"paismo\", secret = \"...\")");
        }
        try {
            return receivers(extensionContext).start(receives);
        } catch (IllegalArgumentException | HooksException e) {
            throw new ParameterResolutionException("HooksReceiver " + what + ": " + e.getMessage());
        }
    }

    /**
     * The parameter as its source names it: {@code parameter 'receiver' of OrderTest.delivers}. A class compiled
     * without {@code -parameters} keeps no names (reflection says {@code arg0}), so the parameter is then named by
     * its position and type: {@code the 2nd parameter (HooksReceiver) of OrderTest.delivers}.
     */
    static String describe(ParameterContext parameterContext) {
        java.lang.reflect.Parameter p = parameterContext.getParameter();
        java.lang.reflect.Executable e = parameterContext.getDeclaringExecutable();
        String where = e.getDeclaringClass().getSimpleName()
                + (e instanceof java.lang.reflect.Constructor ? " (its constructor)" : "." + e.getName());
        if (p.isNamePresent()) {
            return "parameter '" + p.getName() + "' of " + where;
        }
        int n = parameterContext.getIndex() + 1;
        String nth = n + (n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
        return "the " + nth + " parameter (" + p.getType().getSimpleName() + ") of " + where;
    }

    private static void inject(Field f, Object instance, ExtensionContext context) {
        String what = "field '" + f.getName() + "' of " + f.getDeclaringClass().getSimpleName();
        if (f.getType() != HooksReceiver.class) {
            throw new ExtensionConfigurationException("@Receive " + what + " must be of type HooksReceiver, not "
                    + f.getType().getSimpleName());
        }
        if (Modifier.isFinal(f.getModifiers())) {
            throw new ExtensionConfigurationException("@Receive " + what + " must not be final: the receiver is set into it");
        }
        HooksReceiver receiver;
        try {
            receiver = receivers(context).start(AnnotationSupport.findRepeatableAnnotations(f, Receive.class));
        } catch (IllegalArgumentException | HooksException e) {
            throw new ExtensionConfigurationException("HooksReceiver " + what + ": " + e.getMessage());
        }
        try {
            f.setAccessible(true);
            f.set(instance, receiver);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot set HooksReceiver " + what + ": " + e.getMessage(), e);
        }
    }

    private static String key(ExtensionContext context) {
        return "receivers of " + context.getUniqueId();
    }

    /** The fields annotated {@link Receive} (alone or repeated) of the class and its superclasses. */
    private static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        out.addAll(AnnotationSupport.findAnnotatedFields(type, Receive.class, f -> true, HierarchyTraversalMode.TOP_DOWN));
        for (Field f : AnnotationSupport.findAnnotatedFields(type, Receive.All.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The receivers of this very context. Stores look values up in their parents too, so the key names the context:
     * a test must not add its receivers to its class's.
     */
    private static Receivers receivers(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key(context), k -> new Receivers(), Receivers.class);
    }

    private static void stopAll(ExtensionContext context) {
        Receivers r = context.getStore(NAMESPACE).remove(key(context), Receivers.class);
        if (r != null) {
            r.close();
        }
    }

    /**
     * The receivers of one test or class, kept in its store: stopped by the after-callbacks, or by JUnit when the
     * context closes (should a callback not run).
     */
    static final class Receivers implements AutoCloseable {
        private final List<HooksReceiver> started = new ArrayList<>();

        HooksReceiver start(List<Receive> receives) {
            HooksReceiver r = HooksReceiver.start(receives);
            synchronized (started) {
                started.add(r);
            }
            return r;
        }

        @Override
        public void close() {
            List<HooksReceiver> copy;
            synchronized (started) {
                copy = new ArrayList<>(started);
                started.clear();
            }
            RuntimeException first = null;
            for (HooksReceiver r : copy) {
                try {
                    r.stop();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
