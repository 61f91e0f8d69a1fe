package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.testing.EncryptedBody;
import dev.hooks.testing.Oracle;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teal bodies encrypted and signed by the oracle (encrypt, then sign the encrypted body) are decrypted and shown. */
class ListenTealIT {
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 bytes
    static final String SECRET = "teal-signing-secret";

    @TempDir
    Path home;

    @Test
    void decryptsAndShowsThePlaintextAndATagMismatchIsA400ThatIsRecorded() throws Exception {
        byte[] plaintext = "{\"event\":\"user-payroll-submitted\",\"id\":\"evt_teal_1\",\"data\":{\"gross\":\"£1,234.56\"}}"
                .getBytes(StandardCharsets.UTF_8);
        EncryptedBody enc = Oracle.encrypt(KEY, plaintext);
        byte[] body = enc.body().getBytes(StandardCharsets.US_ASCII);
        // Tamper with the ciphertext, then sign it properly: the signature passes, the tag does not.
        char[] t = enc.body().toCharArray();
        t[5] = t[5] == 'A' ? 'B' : 'A';
        byte[] tampered = new String(t).getBytes(StandardCharsets.US_ASCII);
        var signed = new Signed().add("teal", SECRET, body, null).add("teal", SECRET, tampered, null).run();
        try (ListenRun listen = ListenRun.start(home, "--provider", "teal", "--secret", SECRET, "--encryption-key", KEY)) {
            Map<String, String> h = new LinkedHashMap<>(signed.get(0));
            h.put("X-Teal-Encryption-IV", enc.iv());
            h.put("Content-Type", "application/json");
            HttpResponse<String> ok = listen.post("/webhook", body, h);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode line = listen.line(ListenRun.idOf(ok));
            assertThat(line.get("verified").asBoolean()).isTrue();
            assertThat(line.get("decrypted").asBoolean()).isTrue();
            assertThat(line.get("plaintext").asText()).isEqualTo(new String(plaintext, StandardCharsets.UTF_8));
            assertThat(line.get("event_type").asText()).isEqualTo("user-payroll-submitted");
            assertThat(line.get("event_id").asText()).isEqualTo("evt_teal_1");

            Map<String, String> h2 = new LinkedHashMap<>(signed.get(1));
            h2.put("X-Teal-Encryption-IV", enc.iv());
            HttpResponse<String> bad = listen.post("/webhook", tampered, h2);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("authentication tag mismatch");
            JsonNode badLine = listen.last(2);
            assertThat(badLine.get("status").asInt()).isEqualTo(400);
            assertThat(badLine.get("stored").asBoolean()).isTrue();

            Map<String, String> h3 = new LinkedHashMap<>(signed.get(0));
            h3.put("X-Teal-Encryption-IV", "%%%not-base64%%%");
            HttpResponse<String> badIv = listen.post("/webhook", body, h3);
            assertThat(badIv.statusCode()).isEqualTo(400);
            assertThat(badIv.body()).contains("malformed IV");
        }
    }
}
