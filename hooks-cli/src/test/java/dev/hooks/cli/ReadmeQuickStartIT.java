package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.listen.ListenRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start, line by line as a reader pastes it into bash: the receiver it starts accepts what the
 * commands after it send through the launcher, and the alias names the launcher by an absolute path.
 */
class ReadmeQuickStartIT {
    @TempDir
    Path home;

    /** The shell lines of the quick start's code blocks, in order. */
    static List<String> quickStartLines() throws IOException {
        String readme = Files.readString(dev.hooks.testing.Project.root().resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** Words of a shell command line: whitespace-separated, single and double quotes grouping. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void everyCommandOfTheQuickStartSucceedsThroughTheLauncherAgainstTheReceiverItStarts() throws Exception {
        List<String> lines = quickStartLines();
        String listenLine = lines.stream().filter(l -> l.contains("target/hooks listen")).findFirst().orElseThrow();
        List<String> listenWords = words(listenLine.substring(listenLine.indexOf("target/hooks listen") + "target/hooks".length()));
        String alias = lines.stream().filter(l -> l.startsWith("alias hooks=")).findFirst().orElseThrow();
        assertThat(alias).as("the alias names the launcher by an absolute path").isEqualTo("alias hooks=\"$PWD/target/hooks\"");
        assertThat(dev.hooks.testing.Project.root().resolve("target/hooks")).as("mvn package writes the launcher").isExecutable();

        List<String> hooksLines = lines.stream().filter(l -> l.startsWith("hooks ") || l.contains("| hooks ")).toList();
        assertThat(hooksLines).isNotEmpty();
        try (ListenRun listen = ListenRun.start(home, listenWords.subList(1, listenWords.size()).toArray(String[]::new))) {
            for (String line : hooksLines) {
                // As pasted into a shell in the checkout: the alias line, then the command, through target/hooks.
                String script = "shopt -s expand_aliases\ncd '" + dev.hooks.testing.Project.root() + "'\n" + alias + "\n"
                        + line.replace("http://127.0.0.1:3000", "http://127.0.0.1:" + listen.port()) + "\n";
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
                pb.environment().put("HOME", home.toString());
                pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
                pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
                pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
                // The start-up cache is LauncherIT's subject; here it would only leave a training running.
                pb.environment().put("HOOKS_CDS", "off");
                pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
                pb.environment().remove("HOOKS_SECRET");
                pb.environment().remove("JAVA_OPTS");
                Path out = home.resolve("out.txt");
                Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(line).isTrue();
                assertThat(p.exitValue()).as("%s%n%s", line, Files.readString(out)).isZero();
            }
        }
    }
}
