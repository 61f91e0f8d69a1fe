package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What listen prints about a delivery and what the history says of it agree. */
class ListenAccountsIT {
    @TempDir
    Path home;

    @Test
    void theLatencyShownLiveIsTheLatencyStored() {
        Path store = home.resolve("h.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret", "--store",
                store.toString())) {
            for (int i = 0; i < 3; i++) {
                CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s3cret",
                        "--to", listen.url("/paismo").toString()).succeeds();
            }
            for (JsonNode live : listen.awaitLines(3)) {
                String id = live.get("id").asText();
                JsonNode stored = json(CliRun.run(home, null, "events", "show", id, "--store",
                        store.toString(), "--format", "json").succeeds().out());
                assertThat(live.get("latency_ms").asDouble()).as(id).isEqualTo(stored.get("latency_ms").asDouble());
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return ListenRun.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void invalidListsATealDeliveryRefused400BecauseItCannotBeDecrypted() {
        Path store = home.resolve("h.db");
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 7);
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "teal", "--secret", "t0p", "--encryption-key",
                Base64.getEncoder().encodeToString(key), "--store", store.toString())) {
            // Signed with the right secret, encrypted with another key: the signature checks out, decryption fails.
            CliRun.run(home, null, "send", "user-payroll-submitted", "--provider", "teal", "--secret", "t0p",
                    "--encryption-key", Base64.getEncoder().encodeToString(other), "--to", listen.url("/teal").toString())
                    .exits(1);
            JsonNode line = listen.awaitLines(1).get(0);
            assertThat(line.get("status").asInt()).isEqualTo(400);
            assertThat(line.get("reason").asText()).startsWith("cannot decrypt");
            id = line.get("id").asText();
        }
        List<String> invalid = CliRun.run(home, null, "events", "list", "--store", store.toString(), "--invalid",
                "--format", "json").succeeds().out().lines().toList();
        assertThat(invalid).anyMatch(l -> l.contains("\"id\":\"" + id + "\""));
        List<String> valid = CliRun.run(home, null, "events", "list", "--store", store.toString(), "--valid",
                "--format", "json").succeeds().out().lines().toList();
        assertThat(valid).noneMatch(l -> l.contains("\"id\":\"" + id + "\""));
    }
}
