package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.listen.ListenRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What users of the Stripe CLI look for first: defaults that point where they expect, and short answers. */
class StripeHabitsIT {
    @TempDir
    Path home;

    @Test
    void aValueOfTheWrongTypeIsOneLineNotTheWholeUsage() {
        CliRun r = CliRun.run(home, null, "listen", "--port", "abc").exits(2);
        assertThat(r.err().lines()).containsExactly(
                "hooks: Invalid value for option '--port': 'abc' is not a whole number (see 'hooks listen --help').");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void triggerLooksForTheEmulatorWhereEmulateListensByDefault() {
        CommandLine tree = HelpTest.tree();
        String port = tree.getSubcommands().get("emulate").getCommandSpec().findOption("--port").defaultValue();
        String emulator = tree.getSubcommands().get("trigger").getCommandSpec().findOption("--emulator").defaultValue();
        assertThat(emulator).isEqualTo("http://127.0.0.1:" + port);
        // Without --emulator it goes there (nothing of this test listens on it, so whatever answers is named).
        CliRun r = CliRun.run(home, null, "trigger", "employee.updated", "--wait", "1s");
        assertThat(r.err()).doesNotContain("Missing required option");
        if (r.exitCode() == 3) {
            assertThat(r.err()).contains("could not reach the emulator at http://127.0.0.1:" + port + "/_emulator/emit");
        }
    }

    @Test
    void replayWithoutToGoesWhereTheDeliveryFirstWent() {
        Path store = home.resolve("history.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret", "--store",
                store.toString())) {
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", listen.url("/paismo?x=1").toString()).succeeds();
            JsonNode first = listen.awaitLines(1).get(0);
            CliRun replay = CliRun.run(home, null, "events", "replay", first.get("id").asText(), "--store", store.toString());
            replay.succeeds();
            assertThat(replay.out()).contains("POST " + listen.url("/paismo?x=1"));
            JsonNode again = listen.awaitLines(2).get(1);
            assertThat(again.get("event_id").asText()).isEqualTo(first.get("event_id").asText());
            assertThat(again.get("path").asText()).isEqualTo("/paismo");
            assertThat(again.get("verified").asBoolean()).isTrue();
        }
    }

    @Test
    void listenMakesASecretAndPrintsIt() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--provider", "standard-webhooks",
                "--new-secret", "--no-store")) {
            JsonNode ready = listen.await("ready", null, null, 0);
            String secret = ready.path("secret").asText();
            assertThat(secret).matches("whsec_[A-Za-z0-9+/]{32}");
            assertThat(listen.banner()).contains("your webhook signing secret for this run is " + secret);
            for (String p : new String[] {"paismo", "standard-webhooks"}) {
                CliRun.run(home, null, "send", sample(p), "--provider", p,
                        "--secret", secret, "--to", listen.url("/" + p).toString()).succeeds();
            }
            assertThat(listen.awaitLines(2)).allSatisfy(l -> assertThat(l.get("verified").asBoolean()).isTrue());
        }
        CliRun both = CliRun.run(home, null, "listen", "--port", "0", "-p", "paismo", "--new-secret", "--secret", "s",
                "--no-store");
        both.exits(2);
        assertThat(both.err()).contains("--new-secret makes the secret");
    }

    private static String sample(String provider) {
        return provider.equals("paismo") ? "employee.created" : "payroll.completed";
    }

    @Test
    void eventsAcceptsOnlyThoseTypesAndAnswersOthers2xxUnverified() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret", "--no-store",
                "--events", "employee.created,employee.terminated")) {
            CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                    "--to", listen.url("/paismo").toString()).succeeds();
            // Another type, even signed with the wrong secret, is answered 2xx and not verified.
            CliRun other = CliRun.run(home, null, "send", "employee.updated", "--provider", "paismo", "--secret", "wrong",
                    "--to", listen.url("/paismo").toString());
            other.succeeds();
            // A listed type is still verified.
            CliRun.run(home, null, "send", "employee.terminated", "--provider", "paismo", "--secret", "wrong",
                    "--to", listen.url("/paismo").toString()).exits(1);
            java.util.List<JsonNode> lines = listen.awaitLines(3);
            assertThat(lines.get(0).get("verified").asBoolean()).isTrue();
            assertThat(lines.get(0).get("filtered").asBoolean()).isFalse();
            assertThat(lines.get(1).get("filtered").asBoolean()).isTrue();
            assertThat(lines.get(1).get("verified").isNull()).isTrue();
            assertThat(lines.get(1).get("status").asInt()).isEqualTo(200);
            assertThat(lines.get(1).get("reason").asText()).startsWith("filtered by --events: employee.updated");
            assertThat(lines.get(2).get("verified").asBoolean()).isFalse();
        }
    }

    @Test
    void emulatePrintsASummaryOnSigterm() throws Exception {
        assertThat(JarIT.JAR).exists();
        Path err = home.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarIT.JAR.toString(), "emulate", "-p", "paismo", "--port", "0", "--store",
                home.resolve("emu.db").toString());
        pb.environment().put("HOME", home.toString());
        pb.redirectOutput(home.resolve("out.txt").toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            Pattern base = Pattern.compile("emit events: hooks trigger EVENT --emulator (http://127\\.0\\.0\\.1:\\d+)");
            String url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (url == null && System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = base.matcher(Files.readString(home.resolve("out.txt")));
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(url).as("emulate started: %s", Files.readString(err)).isNotNull();
            CliRun.run(home, null, "trigger", "employee.updated", "--emulator", url, "--wait", "1s").succeeds();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
            assertThat(Files.readString(err)).contains("hooks emulate: stopped. events 1, deliveries 0");
        } finally {
            p.destroyForcibly();
        }
    }
}
