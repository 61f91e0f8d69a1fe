package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core commands end to end: exit codes, one-line errors, secrets never echoed, profiles from files. */
class CoreCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "s3cret-value-never-shown";

    @TempDir
    Path home;

    @Test
    void missingSecretIsExit2WithOneLine() {
        CliRun r = CliRun.run(home, "{}", "sign", "--provider", "paismo").exits(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("needs a secret").contains("--secret-env").contains("HOOKS_SECRET");
    }

    @Test
    void secretSourcesInOrderOfPrecedence() throws Exception {
        Path file = Files.writeString(home.resolve("secret.txt"), "from-file\n");
        String viaFlag = sign(Map.of("HOOKS_SECRET", "from-env"), "--secret", "from-flag");
        String viaEnvName = sign(Map.of("MY_SECRET", "from-flag", "HOOKS_SECRET", "x"), "--secret-env", "MY_SECRET");
        String viaFile = sign(Map.of("HOOKS_SECRET", "x"), "--secret-file", file.toString());
        String viaDefault = sign(Map.of("HOOKS_SECRET", "from-file"));
        assertThat(viaFlag).isEqualTo(viaEnvName);
        assertThat(viaFile).isEqualTo(viaDefault).isNotEqualTo(viaFlag);
        assertThat(sign(Map.of("HOOKS_SECRET", "from-env"))).isNotEqualTo(viaFlag);
    }

    private String sign(Map<String, String> env, String... flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "sign";
        args[1] = "--provider";
        args[2] = "github";
        args[3] = "--format";
        args[4] = "value";
        System.arraycopy(flags, 0, args, 5, flags.length);
        return CliRun.run(home, env, "body".getBytes(StandardCharsets.UTF_8), args).succeeds().out().strip();
    }

    @Test
    void secretErrorsNeverEchoTheSecret() {
        CliRun r = CliRun.run(home, Map.of(), "{}".getBytes(), "sign", "--provider", "standard-webhooks",
                "--secret", "whsec_!!not-base64-" + SECRET).exits(2);
        assertThat(r.err()).contains("not valid base64").doesNotContain(SECRET);
        CliRun r2 = CliRun.run(home, Map.of(), "{}".getBytes(), "sign", "--provider", "paycor", "--secret", "é" + SECRET).exits(2);
        assertThat(r2.err()).contains("ASCII").doesNotContain(SECRET);
        CliRun r3 = CliRun.run(home, Map.of(), "x".getBytes(), "decrypt", "--encryption-key", "AAAA" + SECRET, "--iv", "AAAA").exits(2);
        assertThat(r3.err()).doesNotContain(SECRET);
        CliRun r4 = CliRun.run(home, Map.of(), "x".getBytes(), "encrypt", "--encryption-key", "c2hvcnQ=");
        r4.exits(2);
        assertThat(r4.err()).contains("32");
    }

    @Test
    void malformedKeysAndUnknownThingsAreExit2() {
        assertThat(CliRun.run(home, "x", "sign", "--provider", "nope", "--secret", "x").exits(2).err())
                .contains("unknown provider 'nope'").contains("paismo");
        assertThat(CliRun.run(home, "x", "sign", "--provider", "github", "--secret", "x", "--bogus").exits(2).err())
                .contains("Unknown option").contains("Run 'hooks sign --help'");
        assertThat(CliRun.run(home, "x", "sign", "--provider", "github", "--secret", "x", home.resolve("none.json").toString())
                .exits(2).err()).contains("no such file");
        assertThat(CliRun.run(home, "x", "verify", "--provider", "github", "--secret", "x", "-H", "no colon").exits(2).err())
                .contains("Name: value");
        assertThat(CliRun.run(home, "x", "verify", "--provider", "github", "--secret", "x").exits(2).err())
                .contains("--signature");
        assertThat(CliRun.run(home, "x", "decrypt", "--iv", "AAAA").exits(2).err()).contains("encryption key");
    }

    @Test
    void verifyKeypayAcceptsTheBareHexDigestOfAPlainHmacGeneratorAndSaysWhichFormMatched() throws Exception {
        String body = "{\r\n  \"Id\": \"8f2c\",\r\n  \"Attempt\": 1\r\n}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String digest = java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", SECRET, "--signature", digest)
                .succeeds().out()).contains("valid: keypay hmac-sha256 signature matches (form '{hex}', which keypay "
                        + "also accepts; its senders write 'sha256={HEX}')");
        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", SECRET, "--signature",
                digest.toUpperCase(java.util.Locale.ROOT)).succeeds().out()).contains("(form '{hex}'");
        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", SECRET, "--signature",
                "sha256=" + digest.toUpperCase(java.util.Locale.ROOT)).succeeds().out())
                .contains("signature matches (form 'sha256={HEX}')");
        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", SECRET, "--signature", digest,
                "--format", "json").succeeds().out()).contains("\"form\": \"{hex}\"");
        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", "other", "--signature", digest)
                .exits(1).err()).contains("signature mismatch");
        assertThat(CliRun.run(home, body, "verify", "--provider", "keypay", "--secret", SECRET, "--signature", "sha1=abc")
                .exits(1).err()).contains("malformed ms-signature header: expected 'sha256={HEX}' or '{hex}'");
    }

    @Test
    void verifyReportsWhy() {
        String body = "{\"a\":1}";
        String sig = CliRun.run(home, body, "sign", "--provider", "github", "--secret", SECRET, "--format", "value")
                .succeeds().out().strip();
        assertThat(CliRun.run(home, body, "verify", "--provider", "github", "--secret", SECRET, "--signature", sig)
                .succeeds().out()).contains("valid");
        assertThat(CliRun.run(home, body, "verify", "--provider", "github", "--secret", SECRET, "--signature", "sha1=abc")
                .exits(1).err()).contains("malformed X-Hub-Signature-256 header").doesNotContain(SECRET);
        assertThat(CliRun.run(home, body, "verify", "--provider", "github", "--secret", "other", "--signature", sig)
                .exits(1).err()).contains("signature mismatch");
        // Either hex case is accepted.
        assertThat(CliRun.run(home, body, "verify", "--provider", "github", "--secret", SECRET, "--signature",
                "sha256=" + sig.substring(7).toUpperCase()).exitCode()).isZero();
        assertThat(CliRun.run(home, body, "verify", "--provider", "github", "--secret", SECRET,
                "-H", "X-Hub-Signature-256: " + sig, "-H", "X-Hub-Signature-256: " + sig).exits(1).err())
                .contains("appears 2 times");
    }

    @Test
    void toleranceIsCheckedUnlessTurnedOff() {
        String body = "{\"type\":\"ping\"}";
        long t = 1_700_000_000L;
        String sig = CliRun.run(home, body, "sign", "--provider", "slack", "--secret", SECRET, "--timestamp", Long.toString(t),
                "--format", "value").succeeds().out().strip();
        String[] base = {"verify", "--provider", "slack", "--secret", SECRET, "--signature", sig, "--timestamp", Long.toString(t)};
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t + 60))).exitCode()).isZero();
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t + 301))).exits(1).err()).contains("too old");
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t - 301))).exits(1).err()).contains("future");
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t + 3600), "--tolerance", "2h")).exitCode()).isZero();
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t + 999_999), "--no-tolerance")).exitCode()).isZero();
        assertThat(CliRun.run(home, body, concat(base, "--tolerance", "soon")).exits(2).err()).contains("duration");
    }

    @Test
    void stripeRejectsOnlyTooOldAndIgnoresUnknownVersions() {
        String body = "{\"id\":\"evt_1\"}";
        long t = 1_700_000_000L;
        String value = CliRun.run(home, body, "sign", "--provider", "stripe", "--secret", "whsec_abc", "--timestamp",
                Long.toString(t), "--format", "value").succeeds().out().strip();
        assertThat(value).startsWith("t=" + t + ",v1=");
        String withOthers = value + ",v0=deadbeef,v1=00ff";
        String[] base = {"verify", "--provider", "stripe", "--secret", "whsec_abc", "--signature", withOthers};
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t - 3600))).exitCode()).isZero();
        assertThat(CliRun.run(home, body, concat(base, "--now", Long.toString(t + 301))).exits(1).err()).contains("too old");
        assertThat(CliRun.run(home, body, "verify", "--provider", "stripe", "--secret", "whsec_abc", "--signature",
                "t=" + t + ",v0=abcd", "--now", Long.toString(t)).exits(1).err()).contains("no signature of a known version");
    }

    @Test
    void standardWebhooksAcceptsAnyOfSeveralSignatures() {
        String body = "{}";
        String headers = CliRun.run(home, body, "sign", "--provider", "standard-webhooks", "--secret", "whsec_c2VjcmV0",
                "--id", "msg_1", "--timestamp", "1700000000").succeeds().out();
        String sig = headers.lines().filter(l -> l.startsWith("webhook-signature")).findFirst().orElseThrow().split(": ")[1];
        String multi = "v1a,AAAA v1,bm90IGl0 " + sig;
        assertThat(CliRun.run(home, body, "verify", "--provider", "standard-webhooks", "--secret", "whsec_c2VjcmV0",
                "--id", "msg_1", "--timestamp", "1700000000", "--now", "1700000000", "--signature", multi).exitCode()).isZero();
        assertThat(CliRun.run(home, body, "verify", "--provider", "standard-webhooks", "--secret", "whsec_c2VjcmV0",
                "--timestamp", "1700000000", "--now", "1700000000", "--signature", sig).exits(1).err())
                .contains("missing header webhook-id");
    }

    @Test
    void userProfilesOverrideBuiltInsAndBadFilesNameFileAndField() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".config/hooks/providers"));
        Files.writeString(dir.resolve("acme.json"), """
                {"name": "acme", "description": "Acme Payroll",
                 "signature": {"algorithm": "hmac-sha256", "header": "X-Acme-Signature", "value": "sha256={hex}"}}
                """);
        Files.writeString(dir.resolve("github.json"), """
                {"name": "github", "signature": {"algorithm": "hmac-sha1", "header": "X-Hub-Signature", "value": "sha1={hex}"}}
                """);
        assertThat(CliRun.run(home, "x", "sign", "--provider", "acme", "--secret", "k").succeeds().out())
                .startsWith("X-Acme-Signature: sha256=");
        assertThat(CliRun.run(home, "x", "sign", "--provider", "github", "--secret", "k").succeeds().out())
                .startsWith("X-Hub-Signature: sha1=");
        assertThat(CliRun.run(home, null, "providers").succeeds().out()).contains("acme").contains("user");

        Path extra = Files.createDirectories(home.resolve("extra"));
        Files.writeString(extra.resolve("typo.json"), """
                {"name": "typo", "signature": {"algorithm": "hmac-sha256", "header": "X-T", "valeu": "{hex}"}}
                """);
        CliRun bad = CliRun.run(home, "x", "sign", "--provider", "typo", "--secret", "k", "--providers-dir", extra.toString()).exits(2);
        assertThat(bad.err()).contains("typo.json").contains("signature.valeu");
        Files.writeString(extra.resolve("typo.json"), """
                {"name": "typo", "signature": {"algorithm": "HMAC-SHA384x", "header": "X-T"}}
                """);
        assertThat(CliRun.run(home, "x", "sign", "--provider", "typo", "--secret", "k", "--providers-dir", extra.toString())
                .exits(2).err()).contains("signature.algorithm").contains("'HMAC-SHA384x' is not one of");
        Files.writeString(extra.resolve("typo.json"), """
                {"name": "typo", "signature": {"algorithm": "hmac-sha256", "header": "X-T", "alsoAccept": ["{hexx}"]},
                 "envelope": {"fresh": {"event_id": "{{uuid}}"}}}
                """);
        assertThat(CliRun.run(home, "x", "sign", "--provider", "typo", "--secret", "k", "--providers-dir", extra.toString())
                .exits(2).err()).contains("signature.alsoAccept.0");
        Files.writeString(extra.resolve("typo.json"), """
                {"name": "typo", "signature": {"algorithm": "hmac-sha256", "header": "X-T", "alsoAccept": ["{HEX}"]},
                 "envelope": {"fresh": {"event_id": "uuid"}}}
                """);
        assertThat(CliRun.run(home, "x", "sign", "--provider", "typo", "--secret", "k", "--providers-dir", extra.toString())
                .exits(2).err()).contains("envelope.fresh.event_id").contains("sample placeholder");
    }

    @Test
    void providersListAndShowAsJson() throws Exception {
        JsonNode list = JSON.readTree(CliRun.run(home, null, "providers", "--format", "json").succeeds().out());
        assertThat(list).hasSize(12);
        JsonNode teal = JSON.readTree(CliRun.run(home, null, "providers", "show", "teal", "--format", "json").succeeds().out());
        assertThat(teal.get("signature").get("algorithm").asText()).isEqualTo("hmac-sha512");
        assertThat(teal.get("encryption").get("ivHeader").asText()).isEqualTo("X-Teal-Encryption-IV");
        assertThat(CliRun.run(home, null, "providers", "show", "keypay").succeeds().out()).contains("ms-signature").contains("echo-get");
        JsonNode keypay = JSON.readTree(CliRun.run(home, null, "providers", "show", "keypay", "--format", "json").succeeds().out());
        assertThat(keypay.at("/signature/alsoAccept").toString()).isEqualTo("[\"{hex}\"]");
        assertThat(teal.get("signature").has("alsoAccept")).isFalse();
    }

    @Test
    void providersShowGivesTheEmulateSection() throws Exception {
        JsonNode paycor = JSON.readTree(CliRun.run(home, null, "providers", "show", "paycor", "--format", "json").succeeds().out());
        assertThat(paycor.at("/emulate/api").asText()).isEqualTo("aspnet");
        assertThat(paycor.at("/emulate/base").asText()).isEqualTo("/eventsubscriptions/user/registrations");
        assertThat(paycor.at("/emulate/keyHeader").asText()).isEqualTo("Ocp-Apim-Subscription-Key");
        assertThat(paycor.at("/emulate/keyHeaderRequired").asBoolean()).isTrue();
        assertThat(paycor.at("/emulate/verify").asText()).isEqualTo("on-register");
        assertThat(paycor.at("/emulate/retention").asText()).isEqualTo("90d");
        assertThat(paycor.at("/emulate/pausedByDefault").asBoolean()).isTrue();
        assertThat(paycor.at("/emulate").has("tokenPath")).isFalse();
        String text = CliRun.run(home, null, "providers", "show", "paxos").succeeds().out();
        assertThat(text).contains("emulate:\n").contains("  api: paxos").contains("  eventsPath: /v2/events");
        JsonNode github = JSON.readTree(CliRun.run(home, null, "providers", "show", "github", "--format", "json").succeeds().out());
        assertThat(github.has("emulate")).isFalse();
    }

    @Test
    void signJsonShowsSignedContentButNoSecret() throws Exception {
        JsonNode doc = JSON.readTree(CliRun.run(home, "hello", "sign", "--provider", "slack", "--secret", SECRET,
                "--timestamp", "1700000000", "--format", "json").succeeds().out());
        assertThat(doc.get("signed_content").asText()).isEqualTo("v0:1700000000:hello");
        assertThat(doc.toString()).doesNotContain(SECRET);
    }

    @Test
    void bytesAreUsedExactlyAsRead() {
        String a = CliRun.run(home, "{\"a\":1}", "sign", "--provider", "github", "--secret", "k", "--format", "value").succeeds().out();
        String b = CliRun.run(home, "{\"a\":1}\n", "sign", "--provider", "github", "--secret", "k", "--format", "value").succeeds().out();
        String c = CliRun.run(home, "{ \"a\": 1 }", "sign", "--provider", "github", "--secret", "k", "--format", "value").succeeds().out();
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void defaultsComeFromAPropertiesFile() throws Exception {
        Path props = Files.writeString(home.resolve("team.properties"), "sign.provider = github\nsign.format = value\n");
        CliRun r = CliRun.run(home, Map.of("HOOKS_DEFAULTS", props.toString()), "x".getBytes(), "sign", "--secret", "k").succeeds();
        assertThat(r.out()).startsWith("sha256=");
    }

    @Test
    void keygenMakesUsableKeys() {
        String aes = CliRun.run(home, null, "keygen", "--type", "aes").succeeds().out().strip();
        String enc = CliRun.run(home, "plain", "encrypt", "--encryption-key", aes).succeeds().out();
        assertThat(enc).contains("\"iv\"");
        String[] ed = CliRun.run(home, null, "keygen", "--type", "ed25519").succeeds().out().strip().split("\n");
        String headers = CliRun.run(home, "{}", "sign", "--provider", "standard-webhooks", "--secret", ed[0], "--id", "msg_1",
                "--timestamp", "1700000000").succeeds().out();
        String sig = headers.lines().filter(l -> l.startsWith("webhook-signature")).findFirst().orElseThrow().split(": ")[1];
        assertThat(sig).startsWith("v1a,");
        assertThat(CliRun.run(home, "{}", "verify", "--provider", "standard-webhooks", "--secret", ed[1], "--id", "msg_1",
                "--timestamp", "1700000000", "--now", "1700000000", "--signature", sig).exitCode()).isZero();
        assertThat(CliRun.run(home, "{}", "sign", "--provider", "standard-webhooks", "--secret", ed[1]).exits(2).err())
                .contains("public key can only verify");
        assertThat(CliRun.run(home, null, "keygen", "--type", "whsec").succeeds().out()).startsWith("whsec_");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
