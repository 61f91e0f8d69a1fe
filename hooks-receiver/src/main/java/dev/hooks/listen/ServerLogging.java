package dev.hooks.listen;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Keeps a listener's start quiet in whatever logging its host has: a receiver in a user's tests must not print
 * Javalin's start-up notes or Jetty's INFO lines around every test.
 *
 * <ul>
 *   <li>With no SLF4J provider at all, Javalin prints a 17-line note on stderr at every start, and SLF4J a warning
 *       once. The note is skipped by letting Javalin's check (a {@code ServiceLoader} lookup on the thread's context
 *       class loader) see SLF4J's own no-operation provider for the length of the start; logging itself is
 *       untouched (SLF4J still finds no provider and logs nothing). SLF4J's warning is skipped by its own
 *       {@code slf4j.internal.verbosity}, set to {@code ERROR} unless the JVM already sets it.</li>
 *   <li>With a binding (Spring Boot's Logback, slf4j-simple, java.util.logging), the loggers {@code io.javalin} and
 *       {@code org.eclipse.jetty} are set to WARN, unless the logging configuration names a level for them: a
 *       project that wants their INFO lines says so ({@code logging.level.org.eclipse.jetty=INFO}).</li>
 * </ul>
 */
final class ServerLogging {
    static final List<String> LOGGERS = List.of("io.javalin", "org.eclipse.jetty");
    private static final String SERVICES = "META-INF/services/" + SLF4JServiceProvider.class.getName();
    /** java.util.logging holds its loggers weakly: a level set on one that is collected would be lost. */
    private static final List<java.util.logging.Logger> KEPT = new java.util.ArrayList<>();

    private ServerLogging() {}

    /** Whether SLF4J has a provider, where SLF4J or Javalin would look for one. */
    static boolean hasProvider(ClassLoader context) {
        return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).iterator().hasNext()
                || context != null && ServiceLoader.load(SLF4JServiceProvider.class, context).iterator().hasNext();
    }

    /** Before the server is made (its loggers are made with its classes): the levels, or SLF4J's verbosity. */
    static void prepare() {
        if (hasProvider(Thread.currentThread().getContextClassLoader())) {
            lowerLevels();
        } else if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /**
     * Runs {@code start} (Javalin's start), where Javalin checks for a provider; see the class comment.
     *
     * @param start what starts the server
     */
    static void quietly(Runnable start) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        if (hasProvider(before)) {
            start.run();
            return;
        }
        t.setContextClassLoader(new SeesNoOpProvider(before != null ? before : ServerLogging.class.getClassLoader()));
        try {
            start.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** io.javalin and org.eclipse.jetty to WARN in the binding at hand, where the configuration sets no level. */
    private static synchronized void lowerLevels() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        String kind = factory.getClass().getName();
        try {
            if (kind.startsWith("ch.qos.logback.")) {
                Class<?> levelType = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
                Object warn = levelType.getField("WARN").get(null);
                for (String name : LOGGERS) {
                    Object logger = factory.getLogger(name);
                    Method getLevel = logger.getClass().getMethod("getLevel");
                    if (getLevel.invoke(logger) == null) {
                        logger.getClass().getMethod("setLevel", levelType).invoke(logger, warn);
                    }
                }
            } else if (kind.startsWith("org.slf4j.jul.")) {
                for (String name : LOGGERS) {
                    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
                    if (logger.getLevel() == null) {
                        logger.setLevel(java.util.logging.Level.WARNING);
                        KEPT.add(logger);
                    }
                }
            } else if (kind.startsWith("org.slf4j.simple.")) {
                // slf4j-simple reads a logger's level when the logger is first made: before Javalin or Jetty make theirs
                for (String name : LOGGERS) {
                    String property = "org.slf4j.simpleLogger.log." + name;
                    if (System.getProperty(property) == null) {
                        System.setProperty(property, "warn");
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another version of the binding: its levels stay as configured
        }
    }

    /** The thread's class loader, but for SLF4J's provider lookup, which finds SLF4J's no-operation provider. */
    private static final class SeesNoOpProvider extends ClassLoader {
        SeesNoOpProvider(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (SERVICES.equals(name)) {
                URL noOp = ServerLogging.class.getResource("no-logger.services");
                return Collections.enumeration(noOp == null ? List.of() : List.of(noOp));
            }
            return super.getResources(name);
        }
    }
}
