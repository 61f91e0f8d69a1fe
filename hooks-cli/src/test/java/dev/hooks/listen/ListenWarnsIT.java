package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener that can verify nothing says so once at start, on stderr, and still prints only JSON on stdout. */
class ListenWarnsIT {
    private static final String WARNING = "hooks: warning: no signing secret, so every signed delivery will be refused";

    @TempDir
    Path home;

    @Test
    void autoWithoutASecretWarnsOnceAndReadmesJqExampleWorksAsWritten() throws Exception {
        String out;
        try (ListenRun listen = ListenRun.start(home, "--provider", "auto", "--no-store")) {
            String banner = listen.banner();
            assertThat(banner.split(java.util.regex.Pattern.quote(WARNING), -1)).as(banner).hasSize(2);
            assertThat(banner).contains("paismo").contains("--secret");
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3",
                    "--to", "http://127.0.0.1:" + listen.port() + "/webhook").exits(1);
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.path("verified").asBoolean(true)).isFalse();
            listen.stop();
            out = listen.out();
            assertThat(listen.err().split(java.util.regex.Pattern.quote(WARNING), -1)).hasSize(2);
        }
        // README: hooks listen --provider auto --format json | jq 'select(.verified == false)'
        Path jq = Requirements.command("jq", "apt-get install jq");
        Process p = new ProcessBuilder(jq.toString(), "select(.verified == false)").redirectErrorStream(true).start();
        p.getOutputStream().write(out.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(shown).isZero();
        assertThat(shown).contains("\"event_type\": \"employee.created\"").contains("\"verified\": false")
                .doesNotContain("\"ready\"");
    }

    @Test
    void aSecretOrNoVerifySilencesTheWarning() {
        for (List<String> args : List.of(List.of("--secret", "paismo=s"), List.of("--no-verify"), List.of("-p", "paismo", "--secret", "s"))) {
            List<String> all = new java.util.ArrayList<>(List.of("--no-store"));
            all.addAll(args);
            try (ListenRun listen = ListenRun.start(home, all.toArray(String[]::new))) {
                assertThat(listen.banner()).as(String.join(" ", args)).doesNotContain("warning: no signing secret");
            }
        }
    }
}
