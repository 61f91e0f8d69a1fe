package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand in the tree has a description and at least one example in its help. */
class HelpTest {
    static CommandLine tree() {
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Cli.create(new Context(Map.of("HOME", "/nonexistent"), new ByteArrayInputStream(new byte[0]), sink, sink));
    }

    /** Each command's path below the root, as a user types it: [], [sign], [providers, show], ... */
    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        walk(tree(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandSpec().name())) {
                continue; // an alias of a command already walked
            }
            path.add(e.getKey());
            walk(e.getValue(), path, paths);
            path.remove(path.size() - 1);
        }
    }

    @Test
    void theTreeHasTheCoreCommands() {
        assertThat(commands().map(p -> String.join(" ", p)))
                .contains("", "sign", "verify", "encrypt", "decrypt", "keygen", "providers", "providers show", "completion");
    }

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void usageHasADescriptionAndExamples(List<String> path) {
        CommandLine cl = tree();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        String[] description = cl.getCommandSpec().usageMessage().description();
        assertThat(String.join(" ", description).strip()).as("description of 'hooks %s'", String.join(" ", path)).isNotEmpty();
        assertExamples(cl.getUsageMessage(), path);
    }

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void helpOptionPrintsTheUsage(List<String> path, @TempDir Path home) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun run = CliRun.run(home, null, args.toArray(new String[0])).succeeds();
        assertThat(run.out()).startsWith("Usage: hooks");
        assertExamples(run.out(), path);
    }

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void examplesAreNeverWrappedWhenTheOutputIsNotATerminal(List<String> path, @TempDir Path home) {
        CommandLine cl = tree();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        List<String> shown = CliRun.run(home, null, args.toArray(new String[0])).succeeds().out().lines().toList();
        for (String example : cl.getCommandSpec().usageMessage().footer()) {
            assertThat(shown).as("'hooks %s --help' shows this line whole", String.join(" ", path))
                    .contains(String.format(example));
        }
    }

    @Test
    void hooksWithoutACommandIsAUsageErrorWithTheUsageOnStandardError(@TempDir Path home) {
        CliRun run = CliRun.run(home, null).exits(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: hooks").contains("Commands:");
    }

    private static void assertExamples(String usage, List<String> path) {
        List<String> lines = Arrays.asList(usage.split("\\R", -1));
        int at = lines.indexOf("Examples:");
        assertThat(at).as("'Examples:' in the help of 'hooks %s':%n%s", String.join(" ", path), usage).isNotNegative();
        assertThat(at + 1 < lines.size() && !lines.get(at + 1).isBlank())
                .as("at least one example line after 'Examples:' in the help of 'hooks %s':%n%s", String.join(" ", path), usage)
                .isTrue();
    }

    @Test
    void rootHelpWithoutArgumentsListsCommands(@TempDir Path home) {
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Context ctx = new Context(Map.of("HOME", home.toString()), new ByteArrayInputStream(new byte[0]), sink, sink);
        assertThat(Cli.create(ctx).getUsageMessage()).contains("Commands:", "sign", "completion");
    }
}
