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

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void helpFitsEightyColumnsAndBreaksLinesOnlyBetweenWords(List<String> path, @TempDir Path home) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        String shown = CliRun.run(home, null, args.toArray(new String[0])).succeeds().out();
        for (String line : shown.split("\\R")) {
            assertThat(line.length()).as("'hooks %s --help' line within 80 columns: %s", String.join(" ", path), line)
                    .isLessThanOrEqualTo(80);
        }
        // Every word of every description is shown whole: wrapping never breaks inside a word or a path.
        List<String> words = new ArrayList<>();
        for (String text : texts(command(path))) {
            for (String word : text.split("\\s+")) {
                if (!word.isEmpty() && !word.contains("${") && word.length() <= 40) {
                    words.add(word);
                }
            }
        }
        List<String> tokens = Arrays.asList(shown.split("\\s+"));
        assertThat(words).as("words of 'hooks %s --help' shown whole:%n%s", String.join(" ", path), shown)
                .allMatch(w -> tokens.contains(w) || tokens.stream().anyMatch(t -> t.contains(w)));
    }

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void noDescriptionStopsMidSentence(List<String> path) {
        for (String text : texts(command(path))) {
            assertThat(dev.hooks.testing.Sentences.unfinished(text)).as("in 'hooks %s --help'", String.join(" ", path))
                    .isNull();
            assertThat(text.strip()).as("in 'hooks %s --help', a sentence ends with a full stop", String.join(" ", path))
                    .matches("(?s).*[.!?]\\)?");
        }
    }

    @ParameterizedTest(name = "hooks {0} --help")
    @MethodSource("commands")
    void exampleDeliveryIdsLookLikeRealOnes(List<String> path) {
        String real = dev.hooks.store.StoredDelivery.newId();
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\\bd_[0-9a-z]+")
                .matcher(String.join("\n", command(path).getCommandSpec().usageMessage().footer()));
        while (ids.find()) {
            assertThat(ids.group()).as("an example id in 'hooks %s --help' (a real one: %s)", String.join(" ", path), real)
                    .hasSameSizeAs(real);
        }
    }

    @Test
    void theSentenceCheckCatchesWhatWasCutShort() {
        assertThat(dev.hooks.testing.Sentences.unfinished("Only requests whose signature or credentials did not.")).isNotNull();
        assertThat(dev.hooks.testing.Sentences.unfinished("hooks: note: paxos receivers usually authenticate the sender: "
                + "pass --api-key; sending without")).isNotNull();
        assertThat(dev.hooks.testing.Sentences.unfinished("Only requests whose signature or credentials did not check out."))
                .isNull();
    }

    @Test
    void thePaxosNoteOnSendingWithoutCredentialsIsAWholeSentence(@TempDir Path home) {
        // Nothing listens on the discard port: the note comes before the attempt.
        CliRun run = CliRun.run(home, null, "send", "transfer.crypto_deposit.completed", "--provider", "paxos",
                "--to", "http://127.0.0.1:9/hooks", "--timeout", "2s");
        String note = run.err().lines().filter(l -> l.startsWith("hooks: note: paxos")).findFirst().orElseThrow();
        assertThat(note).endsWith("sending without credentials.");
        assertThat(dev.hooks.testing.Sentences.unfinished(note)).isNull();
    }

    private static CommandLine command(List<String> path) {
        CommandLine cl = tree();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl;
    }

    /** The command's description paragraphs and each shown option's and parameter's description, as one text each. */
    private static List<String> texts(CommandLine cl) {
        List<String> texts = new ArrayList<>();
        for (String d : cl.getCommandSpec().usageMessage().description()) {
            texts.add(String.format(d));
        }
        cl.getCommandSpec().options().stream().filter(o -> !o.hidden())
                .forEach(o -> texts.add(String.join(" ", o.description())));
        cl.getCommandSpec().positionalParameters().stream().filter(p -> !p.hidden())
                .forEach(p -> texts.add(String.join(" ", p.description())));
        texts.removeIf(String::isBlank);
        return texts;
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
