package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A parameter is named as its source names it. Projects compiled without {@code -parameters} (Maven's default) keep
 * no names, so there the message names its position and type rather than reflection's {@code arg0}.
 */
class ParameterNamesTest {

    @Test
    void withoutParameterNamesTheMessageSaysWhichParameterNotArg0(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/userproject/NoNamesTest.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package userproject;

                import dev.hooks.junit.HooksExtension;
                import dev.hooks.junit.HooksReceiver;
                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.api.extension.ExtendWith;

                @ExtendWith(HooksExtension.class)
                public class NoNamesTest {
                    @Test
                    public void twoParameters(org.junit.jupiter.api.TestInfo info, HooksReceiver receiver) {}
                }
                """);
        Path classes = dir.resolve("classes");
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString()); // as Maven compiles: no -parameters
        assertThat(javac).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = loader.loadClass("userproject.NoNamesTest");
            assertThat(type.getMethods()).filteredOn(m -> m.getName().equals("twoParameters")).singleElement()
                    .satisfies(m -> assertThat(m.getParameters()[1].isNamePresent()).isFalse());
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute().testEvents().assertThatEvents()
                    .haveExactly(1, event(test("twoParameters"), finishedWithFailure(message(m ->
                            m.startsWith("HooksReceiver the 2nd parameter (HooksReceiver) of NoNamesTest.twoParameters "
                                    + "needs @Receive") && !m.contains("arg1")))));
        }
    }

    @Test
    void compiledWithParametersTheMessageNamesIt() {
        List<String> names = List.of(HooksExtension.class.getDeclaredMethods()).stream()
                .filter(m -> m.getName().equals("resolveParameter") && !m.isBridge())
                .map(m -> m.getParameters()[0].getName()).toList();
        assertThat(names).containsExactly("parameterContext"); // the library's own classes keep their names too
    }
}
