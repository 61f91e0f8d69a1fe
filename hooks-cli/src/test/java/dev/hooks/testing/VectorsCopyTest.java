package dev.hooks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The vectors the tests read are on the classpath, and are the published ones where those are beside the clone. */
class VectorsCopyTest {
    private static final Path PUBLISHED = Project.root()
            .resolve(Path.of("..", "shared", "vectors")).normalize();

    @Test
    void everyVectorFileIsOnTheClasspathAndIsThePublishedOneWhereThatIsBesideTheClone() throws IOException {
        for (String file : Vectors.FILES) {
            assertThat(Vectors.read(file)).as(file).isNotEmpty();
            if (Files.isDirectory(PUBLISHED)) {
                assertThat(new String(Vectors.bytes(file), StandardCharsets.UTF_8)).as(file)
                        .isEqualTo(Files.readString(PUBLISHED.resolve(file)));
            }
        }
    }
}
