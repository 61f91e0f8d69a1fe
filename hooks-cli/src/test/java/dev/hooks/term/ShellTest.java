package dev.hooks.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class ShellTest {
    static final Set<String> SECRETS = Set.of("--secret", "--api-key");

    static final CommandTree TREE = new CommandTree("hooks", null, List.of(
            new CommandTree.OptionNode(List.of("--help"), null, false, null)), List.of(
            new CommandTree("sign", "Sign a body.", List.of(
                    new CommandTree.OptionNode(List.of("-p", "--provider"), null, true, () -> List.of("github", "stripe")),
                    new CommandTree.OptionNode(List.of("--providers-dir"), null, true, null),
                    new CommandTree.OptionNode(List.of("--secret"), null, true, null)), List.of(), null),
            new CommandTree("samples", null, List.of(), List.of(
                    new CommandTree("show", null, List.of(), List.of(), () -> List.of("employee.created", "invoice.paid"))),
                    null)), null);

    static List<String> values(List<String> before, String current) {
        List<String> out = new ArrayList<>();
        for (Candidate c : new Shell.TreeCompleter(TREE).candidates(before, current)) {
            out.add(c.value());
        }
        return out;
    }

    @Test
    void completesCommandsOptionsAndValues() {
        assertThat(values(List.of(), "")).contains("sign", "samples", "exit", "quit");
        assertThat(values(List.of("sign"), "--")).contains("--provider", "--providers-dir", "--secret").doesNotContain("--help");
        assertThat(values(List.of("sign", "--provider"), "")).containsExactly("github", "stripe");
        assertThat(values(List.of("sign", "-p"), "")).containsExactly("github", "stripe");
        assertThat(values(List.of("sign"), "--provider=")).containsExactly("--provider=github", "--provider=stripe");
        assertThat(values(List.of("sign", "--providers-dir"), "")).isEmpty();
        assertThat(values(List.of("sign", "--provider", "github"), "")).doesNotContain("github");
        assertThat(values(List.of("samples", "show"), "")).containsExactly("employee.created", "invoice.paid");
        assertThat(values(List.of("hooks", "samples"), "")).containsExactly("show");
    }

    @Test
    void historyKeepsNoSecretValues() {
        assertThat(Shell.redact("sign --provider github --secret abc body.json", SECRETS)).isEqualTo("sign --provider github body.json");
        assertThat(Shell.redact("sign --secret='a b' -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("sign --secret=\"a \\\" b\" -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("send x --api-key k --secret-env NAME", SECRETS)).isEqualTo("send x --secret-env NAME");
        assertThat(Shell.redact("--secret abc", SECRETS)).isNull();
        assertThat(Shell.redact("providers", SECRETS)).isEqualTo("providers");
        // One shell word made of several quoted and unquoted parts goes whole.
        assertThat(Shell.redact("sign --secret \"x\"'y' -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("sign --secret='x'y\"z w\" -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("sign --secret ab'c d'e\\ f -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("sign --secret $'a\\'b' -p x", SECRETS)).isEqualTo("sign -p x");
        assertThat(Shell.redact("sign -p x --secret \"open quote never closed", SECRETS)).isEqualTo("sign -p x");
    }

    @Test
    void runsEachLineAndLeavesOnExit() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<List<String>> ran = new ArrayList<>();
        try (Terminal t = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm").build()) {
            t.setSize(new Size(100, 30));
            Shell shell = new Shell(TREE, args -> {
                ran.add(List.of(args));
                return args.length;
            }, null, SECRETS);
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> shell.run(t));
            // Each line is typed once the prompt is up, as a person would.
            int prompts = 0;
            for (String line : List.of("sig\t--provider github 'a b'\r", "hooks samples show x\r", "exit\r")) {
                prompts++;
                awaitPrompts(screen, prompts);
                keys.write(line.getBytes(StandardCharsets.UTF_8));
                keys.flush();
            }
            assertThat(code.get(10, TimeUnit.SECONDS)).as(() -> ran + "\n" + screen.toString(StandardCharsets.UTF_8)).isEqualTo(3);
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("hooks> sign --provider");
        assertThat(ran).containsExactly(List.of("sign", "--provider", "github", "a b"), List.of("samples", "show", "x"));
    }

    static void awaitPrompts(ByteArrayOutputStream screen, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (screen.toString(StandardCharsets.UTF_8).split("hooks> ", -1).length - 1 < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("prompt " + n + " did not appear: " + screen.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }
}
