package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks listen} refuses bad flags before starting anything: a usage error (2) naming the real reason. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a listener that starts anyway would run on
class ListenUsageErrorsTest {
    @TempDir
    Path home;

    private CliRun listen(String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "listen";
        System.arraycopy(flags, 0, args, 1, flags.length);
        CliRun run = CliRun.run(home, null, args).exits(2);
        assertThat(run.err()).doesNotContain("Exception", "internal error", "already in use").hasLineCount(1);
        return run;
    }

    @Test
    void aPortOutsideTheRangeIsAUsageError() {
        assertThat(listen("--port", "70000", "-p", "paismo", "--secret", "s").err()).contains("--port 70000", "1-65535");
        assertThat(listen("--port", "-1", "-p", "paismo", "--secret", "s").err()).contains("--port -1");
    }

    @Test
    void aHostThatIsNotAnAddressIsAUsageError() {
        assertThat(listen("--host", "999.1.1.1", "--port", "0", "-p", "paismo", "--secret", "s").err())
                .contains("--host 999.1.1.1", "resolves");
        assertThat(listen("--host", "no-such-host.invalid", "--port", "0", "-p", "paismo", "--secret", "s").err())
                .contains("--host no-such-host.invalid");
    }

    @Test
    void aHostOfAnotherMachineIsAUsageError() {
        assertThat(listen("--host", "192.0.2.1", "--port", "0", "-p", "paismo", "--secret", "s").err())
                .contains("192.0.2.1", "not an address of this machine");
    }

    @Test
    void aStoreThatCannotBeCreatedSaysWhyInWords() {
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "s", "--store", "/proc/x/h.db").err())
                .contains("cannot create history /proc/x/h.db", "/proc/x");
    }

    @Test
    void aRetentionThatIsNeitherAnAgeNorACountIsAUsageError() {
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "s", "--retain", "0").err())
                .contains("--retain takes a count of 1 or more", "'0'");
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "s", "--retain", "5 weeks").err())
                .contains("--retain takes an age such as 7d", "'5 weeks'");
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "s", "--retain", "10", "--no-store").err())
                .contains("--retain", "--no-store");
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "s", "--retain", "1h", "--retain-interval", "1m")
                .err()).contains("--retain-interval", "at most 10s");
        CliRun fromEnv = CliRun.run(home, java.util.Map.of("HOOKS_RETAIN", "forever"), new byte[0], "listen", "--port",
                "0", "-p", "paismo", "--secret", "s").exits(2);
        assertThat(fromEnv.err()).contains("HOOKS_RETAIN takes an age such as 7d", "'forever'").hasLineCount(1);
    }

    @Test
    void aSecretForAProviderThatIsNotServedIsAnError() {
        assertThat(listen("--port", "0", "-p", "paismo", "--secret", "stripe=abc").err())
                .contains("stripe is not served", "-p stripe");
    }
}
