package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Tmux;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inside {@code hooks shell} (a real terminal, tmux), listen and events wait behave as they do outside it. */
class ShellListenIT {
    static final Path JAR = dev.hooks.testing.Project.jar();

    @TempDir
    Path home;

    private Tmux shell() throws Exception {
        Tmux t = Tmux.start(home, Map.of("HOME", home.toString(), "NO_COLOR", "1"), "java -jar " + JAR + " shell");
        t.awaitText("hooks> ", 15_000);
        return t;
    }

    @Test
    void listenInTheShellHasItsStatusLineAndKeys() throws Exception {
        try (Tmux t = shell()) {
            t.type("listen --port 0 --provider paismo --secret s3cret --no-store").keys("Enter");
            String screen = t.awaitText("q quit", 20_000);
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/paismo").matcher(screen);
            assertThat(m.find()).as(screen).isTrue();
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", m.group(1) + "/paismo").succeeds();
            t.awaitText("1 received  1 verified", 10_000);
            t.type("v");
            t.awaitText("verbose on", 5_000);
            t.type("q");
            t.awaitText("hooks: stopped. received 1", 15_000);
            ShellIT.freshPrompt(t);
            t.type("exit").keys("Enter");
            t.awaitExit(10_000);
            assertThat(t.exitStatus()).isZero();
        }
    }

    @Test
    void ctrlCDuringEventsWaitSaysInterruptedAndExits130() throws Exception {
        try (Tmux t = shell()) {
            t.type("events wait --timeout 1m --store " + home.resolve("h.db")).keys("Enter");
            Thread.sleep(1_500); // waiting (for the history to appear)
            t.keys("C-c");
            t.awaitText("hooks: interrupted", 10_000);
            ShellIT.freshPrompt(t);
            assertThat(t.screen()).doesNotContain("timed out");
            t.type("exit").keys("Enter");
            t.awaitExit(10_000);
            assertThat(t.exitStatus()).as("the shell ends with the last command's exit code").isEqualTo(130);
        }
    }
}
