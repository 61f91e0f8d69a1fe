package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One whole command run through the production entry point, with its exit code and output. */
public record CliRun(int exitCode, byte[] outBytes, String err) {

    public static CliRun run(Path home, String stdin, String... args) {
        return run(home, Map.of(), stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    public static CliRun run(Path home, Map<String, String> extraEnv, byte[] stdin, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("NO_COLOR", "1");
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        CliRun run = new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        run.messagesAreFinishedSentences();
        return run;
    }

    /** No line this command printed on stderr stops mid-sentence (checked on every run the tests make). */
    private void messagesAreFinishedSentences() {
        for (String line : err.split("\\R")) {
            if (line.startsWith("hooks: ")) {
                assertThat(dev.hooks.testing.Sentences.unfinished(line)).as("a message on stderr").isNull();
            }
        }
    }

    public String out() {
        return new String(outBytes, StandardCharsets.UTF_8);
    }

    /** Asserts the exit code, showing both streams when it differs. */
    public CliRun exits(int expected) {
        assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out(), err).isEqualTo(expected);
        return this;
    }

    public CliRun succeeds() {
        return exits(0);
    }
}
