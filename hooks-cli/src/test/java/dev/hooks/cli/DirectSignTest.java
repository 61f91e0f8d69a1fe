package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sign} without picocli: the same output and exit code as picocli's parse, or picocli runs it. */
class DirectSignTest {
    @TempDir
    Path home;

    record Outcome(int code, String out, String err) {}

    private Outcome run(BiFunction<Context, String[], Integer> how, Map<String, String> extraEnv, String stdin, List<String> args) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "NO_COLOR", "1", "S3", "env-secret"));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = how.apply(ctx, args.toArray(new String[0]));
        // Fresh delivery ids (GitHub's are UUIDs) differ from run to run whichever path ran.
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        return new Outcome(code, out.toString(StandardCharsets.UTF_8).replaceAll(uuid, "UUID"),
                err.toString(StandardCharsets.UTF_8));
    }

    private List<List<String>> commandLines() throws Exception {
        Path body = Files.writeString(home.resolve("body.json"), "{\"id\":\"evt_1\",\"a\":\"é\"}");
        Path secret = Files.writeString(home.resolve("secret.txt"), "file-secret\n");
        Path dir = Files.createDirectories(home.resolve("profiles"));
        String fixed = "--id=msg_1 --timestamp 1614265330";
        List<String> lines = new ArrayList<>(List.of(
                "sign --provider github --secret s3cret --format value BODY",
                "sign -p github --secret=s3cret --format=value",
                "sign --provider github --secret s3cret --format headers BODY " + fixed,
                "sign --provider github --secret s3cret --format json BODY " + fixed,
                "sign --provider standard-webhooks --secret whsec_c2VjcmV0 BODY " + fixed,
                "sign --provider stripe --secret whsec_abc --format value --timestamp 1614265330 BODY",
                "sign --provider slack --secret-env S3 --format json --timestamp 1614265330",
                "sign --provider paismo --secret-file SECRET --format value " + fixed,
                "sign --provider paismo --secret-file NONE --format value",
                "sign --provider github --secret s3cret --providers-dir DIR --format value BODY",
                "sign --provider github --secret s3cret --providers-dir NONE",
                "sign --provider zoom --secret s3cret --url https://x.test/hook " + fixed,
                "sign --provider nope --secret s3cret",
                "sign --provider github --format value",
                "sign --provider paismo --secret-env UNSET",
                "sign --provider github --secret s3cret NONE",
                "sign --provider github --secret s3cret --timestamp 12x",
                "sign --provider github --secret s3cret --timestamp +12 --format value",
                "sign --provider github --secret s3cret --format VALUE",
                "sign --provider github --secret s3cret --format nope",
                "sign --provider github --provider stripe --secret s3cret",
                "sign --provider github --secret s3cret BODY BODY",
                "sign --provider github --secret s3cret - " + fixed,
                "sign --provider github --secret s3cret --bogus",
                "sign --provider github --secret",
                "sign --provider= --secret s3cret",
                "sign -p=github --secret s3cret --format value",
                "sign --secret s3cret",
                "sign --provider github --secret s3cret --stacktrace --format value",
                "sign --provider github --secret s3cret -- BODY",
                "sign --help",
                "sign"));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            List<String> args = new ArrayList<>();
            for (String a : line.split(" ")) {
                args.add(a.replace("BODY", body.toString()).replace("SECRET", secret.toString())
                        .replace("NONE", home.resolve("none").toString()).replace("DIR", dir.toString()));
            }
            out.add(args);
        }
        return out;
    }

    @Test
    void directAndParsedRunsAgree() throws Exception {
        int direct = 0;
        for (List<String> args : commandLines()) {
            Outcome parsed = run(Cli::runParsed, Map.of(), "{\"x\":1}", args);
            Outcome either = run(Cli::run, Map.of(), "{\"x\":1}", args);
            assertThat(either).as("hooks %s", String.join(" ", args)).isEqualTo(parsed);
            if (DirectSign.parse(new Context(Map.of("HOME", home.toString()), null, null, null), args.toArray(new String[0]))
                    != null) {
                direct++;
            }
        }
        assertThat(direct).as("command lines taken without picocli").isGreaterThanOrEqualTo(16);
    }

    @Test
    void leavesAnythingUnusualToPicocli() throws Exception {
        Context plain = new Context(Map.of("HOME", home.toString()), null, null, null);
        assertThat(DirectSign.parse(plain, new String[] {"sign", "--provider", "github", "--secret", "k"})).isNotNull();
        assertThat(DirectSign.parse(plain, new String[] {"sign", "--provider", "github", "@args.txt"})).isNull();
        assertThat(DirectSign.parse(plain, new String[] {"sign", "--provider", "github", "-h"})).isNull();
        assertThat(DirectSign.parse(plain, new String[] {"verify", "--provider", "github"})).isNull();
        Context defaults = new Context(Map.of("HOME", home.toString(), "HOOKS_DEFAULTS", "/x.properties"), null, null, null);
        assertThat(DirectSign.parse(defaults, new String[] {"sign", "--provider", "github"})).isNull();
        Files.createDirectories(home.resolve(".config/hooks"));
        Files.writeString(home.resolve(".config/hooks/defaults.properties"), "sign.format = value\n");
        assertThat(DirectSign.parse(plain, new String[] {"sign", "--provider", "github"})).isNull();
    }
}
