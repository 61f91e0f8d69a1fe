package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.crypto.AesGcm;
import dev.hooks.crypto.Encoding;
import dev.hooks.crypto.Hmac;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sign}, {@code verify}, {@code encrypt}, {@code decrypt} and {@code keygen} without picocli: the same output
 * and exit code as picocli's parse, or picocli runs it.
 */
class DirectTest {
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
        String sig = "sha256=" + Encoding.hex(Hmac.compute("HmacSHA256", "s3cret".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(body)));
        Path secret = Files.writeString(home.resolve("secret.txt"), "file-secret\n");
        Path dir = Files.createDirectories(home.resolve("profiles"));
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] iv = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        byte[] sealed = AesGcm.encrypt(key, iv, Files.readAllBytes(body));
        Path sealedFile = Files.writeString(home.resolve("sealed.txt"), Encoding.base64(sealed));
        sealed[0] ^= 1;
        Path tampered = Files.writeString(home.resolve("tampered.txt"), Encoding.base64(sealed));
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
                "sign",
                "verify --provider github --secret s3cret --signature SIG BODY",
                "verify -p github --secret=s3cret --signature=SIG",
                "verify --provider github --secret s3cret -H X-Hub-Signature-256:SIG BODY",
                "verify --provider github --secret s3cret --header X-Hub-Signature-256:sha256=00 -H X-Other:1 BODY",
                "verify --provider github --secret s3cret --signature sha256=00 --format json BODY",
                "verify --provider github --secret-file SECRET --signature SIG --format text BODY",
                "verify --provider stripe --secret whsec_abc -H Stripe-Signature:t=1614265330,v1=00 --now 1614265330 BODY",
                "verify --provider stripe --secret whsec_abc -H Stripe-Signature:t=1614265330,v1=00 --no-tolerance BODY",
                "verify --provider stripe --secret whsec_abc --signature t=1614265330,v1=00 --tolerance 5m --now 1614265400 BODY",
                "verify --provider stripe --secret whsec_abc --signature t=1,v1=00 --tolerance 5m --no-tolerance BODY",
                "verify --provider stripe --secret whsec_abc --signature t=1,v1=00 --tolerance soon BODY",
                "verify --provider standard-webhooks --secret whsec_c2VjcmV0 --signature v1,AAAA --no-tolerance BODY " + fixed,
                "verify --provider zoom --secret s3cret --signature v0=00 --url https://x.test/hook --no-tolerance BODY " + fixed,
                "verify --provider github --secret s3cret BODY",
                "verify --provider github --signature SIG BODY",
                "verify --provider nope --secret s3cret --signature SIG BODY",
                "verify --provider github --secret s3cret --signature SIG --signature SIG BODY",
                "verify --provider github --secret s3cret --signature SIG --no-tolerance --no-tolerance BODY",
                "verify --provider github --secret s3cret --signature SIG --no-tolerance=true BODY",
                "verify --provider github --secret s3cret --signature SIG --now +5 BODY",
                "verify --provider github --secret s3cret --signature SIG --now 5x BODY",
                "verify --provider github --secret s3cret --signature SIG --format TEXT BODY",
                "verify --provider github --secret s3cret --signature SIG --id a --id b BODY",
                "verify --provider github --secret s3cret --signature SIG BODY BODY",
                "verify --help",
                "encrypt --encryption-key KEY --iv IV BODY",
                "encrypt --encryption-key=KEY --iv=IV --format body BODY",
                "encrypt --encryption-key KEY --iv IV --format json",
                "encrypt --encryption-key KEY BODY",
                "encrypt --encryption-key KEY --format body",
                "encrypt --encryption-key KEY --iv IV --format=json BODY",
                "+env encrypt --iv IV BODY",
                "encrypt --iv IV BODY",
                "encrypt --encryption-key c2hvcnQ= --iv IV BODY",
                "encrypt --encryption-key KEY --iv !!!! BODY",
                "encrypt --encryption-key KEY --iv AAAA BODY",
                "encrypt --encryption-key KEY --iv IV NONE",
                "encrypt --encryption-key KEY --iv IV --format xml BODY",
                "encrypt --encryption-key KEY --iv IV --format BODY",
                "encrypt --encryption-key KEY --iv IV --format body --format json BODY",
                "encrypt --encryption-key KEY --encryption-key KEY --iv IV BODY",
                "encrypt --encryption-key KEY --iv IV BODY BODY",
                "encrypt --encryption-key KEY --iv IV -",
                "encrypt --encryption-key KEY --bogus BODY",
                "encrypt --encryption-key",
                "encrypt --help",
                "decrypt --encryption-key KEY --iv IV SEALED",
                "decrypt --encryption-key=KEY --iv=IV SEALED",
                "decrypt --encryption-key KEY --iv IV",
                "decrypt --encryption-key KEY --iv IV TAMPERED",
                "+env decrypt --iv IV SEALED",
                "decrypt --iv IV SEALED",
                "decrypt --encryption-key c2hvcnQ= --iv IV SEALED",
                "decrypt --encryption-key KEY --iv AAAA SEALED",
                "decrypt --encryption-key KEY --iv !!!! SEALED",
                "decrypt --encryption-key KEY --iv IV NONE",
                "decrypt --encryption-key KEY SEALED",
                "decrypt --encryption-key KEY --iv IV --iv IV SEALED",
                "decrypt --encryption-key KEY --iv IV SEALED SEALED",
                "decrypt --encryption-key KEY --iv IV --format json SEALED",
                "decrypt --encryption-key KEY --iv IV --stacktrace SEALED",
                "decrypt --help",
                "keygen",
                "keygen --type secret",
                "keygen --type aes",
                "keygen --type=whsec",
                "keygen --type ed25519",
                "keygen --type rsa",
                "keygen --type AES",
                "keygen --type aes --type aes",
                "keygen --type",
                "keygen more",
                "keygen -h"));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            List<String> args = new ArrayList<>();
            for (String a : line.split(" ")) {
                args.add(a.replace("SIG", sig).replace("BODY", body.toString()).replace("SECRET", secret.toString())
                        .replace("NONE", home.resolve("none").toString()).replace("DIR", dir.toString())
                        .replace("SEALED", sealedFile.toString()).replace("TAMPERED", tampered.toString())
                        .replace("KEY", Encoding.base64(key)).replace("IV", Encoding.base64(iv)));
            }
            out.add(args);
        }
        return out;
    }

    private static String keyOf() {
        return Encoding.base64("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Fresh keys and IVs (keygen, encrypt without --iv) differ from run to run whichever path ran: each run of base64
     * or hex characters long enough to be one becomes its length, so the shape of the output is still compared.
     */
    private static Outcome fresh(List<String> args, Outcome o) {
        if (!(args.get(0).equals("keygen") || args.get(0).equals("encrypt") && !args.contains("--iv")
                && args.stream().noneMatch(a -> a.startsWith("--iv=")))) {
            return o;
        }
        Matcher m = Pattern.compile("[A-Za-z0-9+/=]{16,}").matcher(o.out());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "<" + m.group().length() + ">");
        }
        m.appendTail(out);
        return new Outcome(o.code(), out.toString(), o.err());
    }

    @Test
    void directAndParsedRunsAgree() throws Exception {
        Map<String, Integer> byCommand = new HashMap<>();
        for (List<String> line : commandLines()) {
            // A line starting with +env runs with HOOKS_ENCRYPTION_KEY set to KEY.
            Map<String, String> env = line.get(0).equals("+env") ? Map.of("HOOKS_ENCRYPTION_KEY", keyOf()) : Map.of();
            List<String> args = env.isEmpty() ? line : line.subList(1, line.size());
            Outcome parsed = fresh(args, run(Cli::runParsed, env, "{\"x\":1}", args));
            Outcome either = fresh(args, run(Cli::run, env, "{\"x\":1}", args));
            assertThat(either).as("hooks %s", String.join(" ", args)).isEqualTo(parsed);
            if (Direct.parse(new Context(Map.of("HOME", home.toString()), null, null, null), args.toArray(new String[0]))
                    != null) {
                byCommand.merge(args.get(0), 1, Integer::sum);
            }
        }
        assertThat(byCommand).as("command lines taken without picocli, by command")
                .isEqualTo(Map.of("sign", 16, "verify", 16, "encrypt", 12, "decrypt", 10, "keygen", 5));
    }

    @Test
    void leavesAnythingUnusualToPicocli() throws Exception {
        Context plain = new Context(Map.of("HOME", home.toString()), null, null, null);
        assertThat(Direct.parse(plain, new String[] {"sign", "--provider", "github", "--secret", "k"})).isNotNull();
        assertThat(Direct.parse(plain, new String[] {"sign", "--provider", "github", "@args.txt"})).isNull();
        assertThat(Direct.parse(plain, new String[] {"sign", "--provider", "github", "-h"})).isNull();
        assertThat(Direct.parse(plain, new String[] {"verify", "--provider", "github"})).isInstanceOf(VerifyCommand.class);
        assertThat(Direct.parse(plain, new String[] {"keygen"})).isInstanceOf(KeygenCommand.class);
        assertThat(Direct.parse(plain, new String[] {"keygen", "--help"})).isNull();
        assertThat(Direct.parse(plain, new String[] {"encrypt", "--encryption-key", "k"})).isInstanceOf(EncryptCommand.class);
        assertThat(Direct.parse(plain, new String[] {"encrypt", "--encryption-key", "k", "--stacktrace"})).isNull();
        assertThat(Direct.parse(plain, new String[] {"decrypt", "--iv", "AAAA"})).isInstanceOf(DecryptCommand.class);
        assertThat(Direct.parse(plain, new String[] {"decrypt", "--encryption-key", "k"})).isNull();
        assertThat(Direct.parse(plain, new String[] {"sign", "--provider", "github", "-H", "X: 1"})).isNull();
        Context defaults = new Context(Map.of("HOME", home.toString(), "HOOKS_DEFAULTS", "/x.properties"), null, null, null);
        assertThat(Direct.parse(defaults, new String[] {"sign", "--provider", "github"})).isNull();
        Files.createDirectories(home.resolve(".config/hooks"));
        Files.writeString(home.resolve(".config/hooks/defaults.properties"), "sign.format = value\n");
        assertThat(Direct.parse(plain, new String[] {"sign", "--provider", "github"})).isNull();
    }
}
