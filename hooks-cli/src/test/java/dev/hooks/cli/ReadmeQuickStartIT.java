package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.listen.ListenRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start, line by line as a reader pastes it: the receiver it starts accepts what the commands after
 * it send, and the alias names the jar by an absolute path.
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
    void everyCommandOfTheQuickStartSucceedsAgainstTheReceiverItStarts() throws IOException {
        List<String> lines = quickStartLines();
        String listenLine = lines.stream().filter(l -> l.contains("hooks.jar listen")).findFirst().orElseThrow();
        List<String> listenWords = words(listenLine.substring(listenLine.indexOf("hooks.jar listen") + "hooks.jar".length()));
        String alias = lines.stream().filter(l -> l.startsWith("alias hooks=")).findFirst().orElseThrow();
        assertThat(alias).as("the alias names the jar by an absolute path").containsAnyOf("$PWD/", "$(pwd)/");

        List<String> hooksLines = lines.stream().filter(l -> l.startsWith("hooks ") || l.contains("| hooks ")).toList();
        assertThat(hooksLines).isNotEmpty();
        try (ListenRun listen = ListenRun.start(home, listenWords.subList(1, listenWords.size()).toArray(String[]::new))) {
            for (String line : hooksLines) {
                String stdin = "";
                String command = line;
                if (line.contains("| hooks ")) {
                    List<String> echo = words(line.substring(0, line.indexOf("| hooks ")));
                    stdin = echo.get(echo.size() - 1);
                    command = line.substring(line.indexOf("| hooks ") + 2);
                }
                List<String> args = words(command.replace("http://127.0.0.1:3000", "http://127.0.0.1:" + listen.port()));
                CliRun run = CliRun.run(home, Map.of(), stdin.getBytes(StandardCharsets.UTF_8),
                        args.subList(1, args.size()).toArray(String[]::new));
                assertThat(run.exitCode()).as("%s%n%s%s", line, run.out(), run.err()).isZero();
            }
        }
    }
}
