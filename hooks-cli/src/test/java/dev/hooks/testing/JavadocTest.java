package dev.hooks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of every module has a Javadoc comment, and so does every public method and constructor of the
 * library's API: the {@code dev.hooks} package of hooks-core and {@code dev.hooks.junit} of hooks-junit5.
 */
class JavadocTest {
    private static final Pattern TYPE = Pattern.compile(
            "\\s*public (static )?(final )?(abstract )?(sealed )?(non-sealed )?(class|interface|record|enum|@interface) .*");
    private static final Pattern MEMBER = Pattern.compile("\\s+(public |default )(static )?(final )?(synchronized )?"
            + "(<[^>]+> )?[\\w.<>\\[\\], ?]+\\(.*");

    @Test
    void everyPublicTypeIsDocumented() throws IOException {
        assertThat(undocumented(false)).as("public types without a Javadoc comment").isEmpty();
    }

    @Test
    void everyPublicMemberOfTheJavaApiIsDocumented() throws IOException {
        assertThat(undocumented(true)).as("public members of the Java API without a Javadoc comment").isEmpty();
    }

    private static List<String> undocumented(boolean apiMembers) throws IOException {
        List<Path> modules;
        try (Stream<Path> dirs = Files.list(Project.root())) {
            modules = dirs.filter(d -> d.getFileName().toString().startsWith("hooks-"))
                    .map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
        assertThat(modules).as("modules").hasSizeGreaterThanOrEqualTo(3);
        List<String> missing = new ArrayList<>();
        for (Path sources : modules) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
                    boolean api = pkg.equals("dev.hooks") && sources.toString().contains("hooks-core")
                            || pkg.equals("dev.hooks.junit");
                    if (apiMembers && !api) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        boolean wanted = apiMembers ? MEMBER.matcher(line).matches() && !line.contains(" class ")
                                && !line.contains(" record ") && !line.contains(" interface ")
                                : TYPE.matcher(line).matches();
                        if (wanted && !documented(lines, i)) {
                            missing.add(Project.root().relativize(file) + ":" + (i + 1) + ": " + line.strip());
                        }
                    }
                }
            }
        }
        return missing;
    }

    /** Whether a Javadoc comment ends just above line {@code at}, annotations (and @Override) aside. */
    private static boolean documented(List<String> lines, int at) {
        int j = at - 1;
        while (j >= 0 && lines.get(j).strip().startsWith("@")) {
            if (lines.get(j).strip().equals("@Override")) {
                return true; // documented where it is declared
            }
            j--;
        }
        return j >= 0 && lines.get(j).strip().endsWith("*/");
    }
}
