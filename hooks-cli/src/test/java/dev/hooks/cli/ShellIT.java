package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks shell} from the jar under a real pseudo-terminal (tmux): completion, running, keys, history. */
class ShellIT {
    static final Path JAR = dev.hooks.testing.Project.jar();

    @TempDir
    Path home;

    @Test
    void completesRunsCommandsAndKeepsSecretsOutOfHistory() throws Exception {
        Path state = home.resolve("state");
        try (Tmux t = Tmux.start(home, Map.of("HOME", home.toString(), "XDG_STATE_HOME", state.toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString()), "java -jar " + JAR + " shell")) {
            t.awaitText("hooks> ", 15_000);

            t.type("sig").keys("Tab");
            t.awaitText("hooks> sign ", 5_000);

            t.type("--prov").keys("Tab");
            t.awaitText("hooks> sign --provider", 5_000);
            t.awaitText("--providers-dir", 5_000); // both candidates are listed

            t.keys("C-c");
            freshPrompt(t);
            t.type("sign --provider ").keys("Tab");
            String menu = t.await("provider names", s -> s.contains("github") && s.contains("stripe") && s.contains("paismo"), 5_000);
            assertThat(menu).contains("standard-webhooks");

            t.keys("C-c");
            freshPrompt(t);
            t.type("samples show employee.up").keys("Tab");
            t.awaitText("samples show employee.updated", 5_000);

            // Ctrl-C dropped the half-typed lines: none of them ran.
            assertThat(t.screen()).doesNotContain("Missing required");

            t.keys("C-c");
            freshPrompt(t);
            Path body = home.resolve("body.json");
            Files.writeString(body, "{\"a\":1}");
            t.type("sign --provider github --secret s3cr3t-value --format value " + body).keys("Enter");
            t.awaitText("sha256=", 10_000);

            freshPrompt(t);
            t.type("verify --provider nosuch x").keys("Enter");
            t.awaitText("hooks: ", 10_000); // an error is reported, and the shell carries on
            freshPrompt(t);
            t.type("providers").keys("Enter");
            t.awaitText("shopify", 10_000);

            freshPrompt(t);
            t.keys("C-d");
            t.awaitExit(10_000);
            assertThat(t.exitStatus()).isZero();
        }
        String history = Files.readString(state.resolve("hooks").resolve("shell_history"));
        assertThat(history).contains("sign --provider github --format value").contains("providers")
                .doesNotContain("s3cr3t-value").doesNotContain("--secret ");
    }

    /** Waits until the last line shown is an empty prompt, so typing does not race the shell. */
    static void freshPrompt(Tmux t) throws Exception {
        t.await("an empty prompt", s -> {
            String[] lines = s.strip().split("\n");
            return lines[lines.length - 1].strip().equals("hooks>");
        }, 10_000);
    }
}
