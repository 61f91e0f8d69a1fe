package dev.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hooks-core is safe on an application's runtime classpath: what it brings is Jackson and, for checking bodies
 * against JSON Schemas, networknt's json-schema-validator with what that needs (SnakeYAML through Jackson's YAML
 * module, ethlo's RFC 3339 parser, the SLF4J API), and nothing else: no command-line, terminal, server or database
 * code comes with it.
 */
class ClasspathTest {
    @Test
    void coreBringsJacksonAndTheSchemaValidatorAndNoCommandLineTerminalServerOrDatabaseCode() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .filter(n -> n.endsWith(".jar"))
                .filter(n -> !n.matches("(junit|opentest4j|apiguardian|assertj|byte-buddy|surefire|common-|"
                        + "junit-platform|maven-surefire).*"))
                .toList();
        assertThat(jars).allSatisfy(jar -> assertThat(jar).matches("(jackson-(databind|core|annotations|dataformat-yaml)"
                + "|json-schema-validator|itu|slf4j-api|snakeyaml)-.*\\.jar"));
        assertThat(jars).anySatisfy(jar -> assertThat(jar).startsWith("json-schema-validator-2."));
        assertThat(jars).anySatisfy(jar -> assertThat(jar).startsWith("jackson-databind"));
        for (String absent : List.of("picocli.CommandLine", "org.jline.terminal.Terminal", "io.javalin.Javalin",
                "org.eclipse.jetty.server.Server", "org.sqlite.JDBC")) {
            assertThat(present(absent)).as(absent).isFalse();
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ClasspathTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
