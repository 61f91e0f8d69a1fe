package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CompletionScriptsTest {
    private static final Path COMMITTED = dev.hooks.testing.Project.root().resolve("completions");

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void committedScriptIsTheOneTheCommandModelGenerates(String shell) throws IOException {
        Path file = COMMITTED.resolve(CompletionScripts.FILES.get(shell));
        String generated = CompletionScripts.script(shell, CompletionScripts.tree());
        String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("%s is stale: the commands changed since it was generated. Regenerate it with `%s` and commit completions/",
                        file, CompletionScripts.REGENERATE)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void everyScriptCompletesCommandsAndProviderNames(String shell) {
        String script = CompletionScripts.script(shell, CompletionScripts.tree());
        assertThat(script).contains("sign", "verify", "providers", "--provider", "--secret-file", "standard-webhooks", "zoom");
    }

    @Test
    void zshRunsTheBashScriptThroughBashcompinit() {
        assertThat(CompletionScripts.script("zsh", CompletionScripts.tree())).contains("bashcompinit", "complete -F");
    }

    @Command(name = "send", description = "Send an event.")
    static final class FakeSend implements Callable<Integer> {
        static final class Events implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() {
                return List.of("employee.created", "payroll.approved").iterator();
            }
        }

        @Parameters(index = "0", paramLabel = "EVENT", completionCandidates = Events.class, description = "The event.")
        String event;

        @Option(names = "--to", paramLabel = "URL", description = "Where to send it.")
        String to;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "hooks", description = "root")
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "fish"})
    void candidatesDeclaredOnAPositionalParameterComplete(String shell) {
        CommandLine tree = new CommandLine(new Root()).addSubcommand("send", new FakeSend());
        String script = CompletionScripts.script(shell, tree);
        assertThat(script).contains("employee.created", "payroll.approved", shell.equals("fish") ? "-l to" : "--to");
    }

    @Test
    void bashCompletesEventNamesAfterSend(@TempDir Path dir) throws Exception {
        assertThat(bashCompletes(dir, "send", "employee.up").lines()).contains("employee.updated");
    }

    @Test
    void bashOffersAutoAfterListenProvider(@TempDir Path dir) throws Exception {
        assertThat(bashCompletes(dir, "listen", "--provider", "a").lines()).contains("auto");
        assertThat(CompletionScripts.script("fish", CompletionScripts.tree()).lines()
                .filter(l -> l.contains("__hooks_at \\'listen\\'") && l.contains("provider"))).anyMatch(l -> l.contains("auto"));
    }

    @Test
    void bashCompletesFilesAfterAnOptionThatTakesAPathOrAUrl(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team-history.db"), "");
        String prefix = dir.resolve("team-h").toString();
        for (String command : List.of("listen", "emulate")) {
            assertThat(bashCompletes(dir, command, "--store", prefix).lines()).as(command)
                    .containsExactly(dir.resolve("team-history.db").toString());
        }
        assertThat(bashCompletes(dir, "events", "list", "--store", prefix).lines())
                .containsExactly(dir.resolve("team-history.db").toString());
        assertThat(bashCompletes(dir, "events", "copy", "--to", prefix).lines())
                .containsExactly(dir.resolve("team-history.db").toString());
        // Options whose value is not a path still offer nothing, send's --to (a URL) among them.
        assertThat(bashCompletes(dir, "listen", "--name", prefix).lines()).allMatch(String::isEmpty);
        assertThat(bashCompletes(dir, "send", "--to", prefix).lines()).allMatch(String::isEmpty);
    }

    /** What the generated bash script offers for the last of {@code words} after {@code hooks}, one per line. */
    private static String bashCompletes(Path dir, String... words) throws Exception {
        Path bash = Requirements.command("bash", "apt-get install bash");
        Path script = dir.resolve("hooks.bash");
        Files.writeString(script, CompletionScripts.script("bash", CompletionScripts.tree()));
        String line = "hooks " + String.join(" ", words);
        String current = words[words.length - 1];
        String previous = words.length > 1 ? words[words.length - 2] : "hooks";
        Process p = new ProcessBuilder(bash.toString(), "-c", "source '" + script + "' 2>/dev/null; "
                + "COMP_WORDS=(" + line + "); COMP_CWORD=" + words.length + "; COMP_LINE='" + line + "'; COMP_POINT="
                + line.length() + "; _complete_hooks hooks " + current + " " + previous
                + " 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void fishAndZshCompleteEventNamesAfterSend() {
        String fish = CompletionScripts.script("fish", CompletionScripts.tree());
        assertThat(fish.lines().filter(l -> l.contains("__hooks_at \\'send\\'") && l.contains(" -a "))).anyMatch(l -> l.contains("employee.updated"));
        String zsh = CompletionScripts.script("zsh", CompletionScripts.tree());
        assertThat(zsh).contains("_picocli_hooks_send");
        String sendFunction = zsh.substring(zsh.indexOf("function _picocli_hooks_send()"));
        assertThat(sendFunction.substring(0, sendFunction.indexOf("\n}"))).contains("employee.updated");
    }

    @Test
    void theShellCompletesEventNamesAfterSend() {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.PrintStream.nullOutputStream());
        var tree = ShellCommand.tree(new Context(Map.of("HOME", "/nonexistent"), new java.io.ByteArrayInputStream(new byte[0]), sink, sink));
        var send = tree.subcommand("send").orElseThrow();
        assertThat(send.positionals()).isNotNull();
        assertThat(send.positionals().get()).contains("employee.updated", "invoice.paid");
    }

    @Test
    void fishQuotesDescriptions() {
        assertThat(CompletionScripts.quote("it's a \\ test")).isEqualTo("'it\\'s a \\\\ test'");
    }

    @Test
    void mainWritesEveryScriptIntoTheDirectory(@TempDir Path dir) throws IOException {
        CompletionScripts.main(new String[] {dir.toString()});
        for (Map.Entry<String, String> e : CompletionScripts.FILES.entrySet()) {
            assertThat(Files.readString(dir.resolve(e.getValue()), StandardCharsets.UTF_8))
                    .isEqualTo(CompletionScripts.script(e.getKey(), CompletionScripts.tree()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void completionCommandPrintsTheScript(String shell, @TempDir Path home) {
        CliRun run = CliRun.run(home, null, "completion", shell).succeeds();
        assertThat(run.out()).isEqualTo(CompletionScripts.script(shell, CompletionScripts.tree()));
    }

    @Test
    void completionCommandRejectsAnUnknownShell(@TempDir Path home) {
        CliRun run = CliRun.run(home, null, "completion", "tcsh").exits(2);
        assertThat(run.err()).contains("tcsh", "bash, zsh, fish");
    }
}
