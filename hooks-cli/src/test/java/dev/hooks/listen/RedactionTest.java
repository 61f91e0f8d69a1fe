package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scan that finds every form of every secret in one pass, and the redaction built on it. */
class RedactionTest {
    static List<byte[]> utf8(String... patterns) {
        List<byte[]> out = new ArrayList<>();
        for (String p : patterns) {
            out.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theScanFindsAnyPatternWhereverItStartsAndWhateverOverlapsIt() {
        TextScan scan = new TextScan(utf8("abcd", "bce", "x"), false);
        assertThat(scan.in("zzabce")).isTrue(); // abc leads nowhere: falls back to bc, then e ends bce
        assertThat(scan.in("abcabcd")).isTrue();
        assertThat(scan.in("abcabc")).isFalse();
        assertThat(scan.in("..x")).isTrue();
        assertThat(scan.in("ABCD")).isFalse();
        assertThat(scan.in("abcd".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(new TextScan(utf8("secret"), true).in("My-SeCrEt")).isTrue();
        assertThat(new TextScan(List.of(), false).in("anything")).isFalse();
    }

    @Test
    void theScanReadsAStringAsItsUtf8Bytes() {
        TextScan scan = new TextScan(utf8("é€", "\uD83D\uDE00"), false);
        assertThat(scan.in("café€")).isTrue();
        assertThat(scan.in("café")).isFalse();
        assertThat(scan.in("a\uD83D\uDE00b")).isTrue();
        assertThat(scan.in("a\uD83Db")).isFalse(); // a lone surrogate is not half of one that is paired
        assertThat(new TextScan(utf8("?"), false).in("a\uD83Db")).isTrue(); // written as '?', as getBytes does
    }

    @Test
    void theScanAgreesWithStringContainsOnRandomTexts() {
        Random random = new Random(42);
        String alphabet = "ab%+=\\é€";
        for (int round = 0; round < 300; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                patterns.add(randomText(random, alphabet, 1 + random.nextInt(4)));
            }
            List<String> all = new ArrayList<>(patterns);
            if (round % 2 == 1) { // enough states to leave the table for the moves by edges and fallbacks
                for (int i = 0; i < TextScan.TABLE_STATES / 20 + 1; i++) {
                    all.add(randomText(random, "xyz", 25));
                }
            }
            TextScan scan = new TextScan(utf8(all.toArray(String[]::new)), false);
            for (int t = 0; t < 20; t++) {
                String text = randomText(random, alphabet, random.nextInt(12));
                boolean expected = patterns.stream().anyMatch(text::contains);
                assertThat(scan.in(text)).as("%s in '%s'", patterns, text).isEqualTo(expected);
                assertThat(scan.in(text.getBytes(StandardCharsets.UTF_8))).as("%s in '%s'", patterns, text)
                        .isEqualTo(expected);
            }
        }
    }

    static String randomText(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static StoredDelivery delivery(String contentType, String body) {
        return delivery(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static StoredDelivery delivery(String contentType, byte[] body) {
        return StoredDelivery.builder().receivedAt(Instant.EPOCH).path("/webhook")
                .headers(List.of(new Header("Content-Type", contentType))).body(body).build();
    }

    static String body(StoredDelivery d) {
        return new String(d.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyWithoutAnySecretOrCredentialFieldIsKeptAsIs() {
        Redaction r = new Redaction(List.of(), List.of("bench-secret"));
        StoredDelivery d = delivery("application/json", "{\"event_type\":\"a.b\",\"data\":{\"n\":\"2024+05\"}}");
        assertThat(r.apply(d)).isSameAs(d);
    }

    @Test
    void secretsSpeltDifferentlyFromEveryFormAreStillFoundInJsonAndForms() {
        Redaction r = new Redaction(List.of(), List.of("s3cret/with slash", "pässwörd"));
        // A JSON escape the forms do not list: \/ for '/'.
        assertThat(body(r.apply(delivery("application/json", "{\"note\":\"s3cret\\/with slash\"}"))))
                .isEqualTo("{\"note\":\"[redacted]\"}");
        // A form's '+' for the space, with the '/' left as it is (no form of the secret has both).
        assertThat(body(r.apply(delivery("application/x-www-form-urlencoded", "a=1&b=s3cret/with+slash"))))
                .isEqualTo("a=1&b=[redacted]");
        // A form written in ISO-8859-1.
        StoredDelivery latin = delivery("application/x-www-form-urlencoded",
                "a=1&p=pässwörd".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(r.apply(latin).body(), StandardCharsets.ISO_8859_1)).isEqualTo("a=1&p=[redacted]");
    }

    @Test
    void aCredentialFieldIsRedactedByItsNameWhateverTheCaseOrEscape() {
        Redaction r = new Redaction(List.of(), List.of("bench-secret"));
        assertThat(body(r.apply(delivery("application/json", "{\"Client_Secret\":\"x\",\"n\":1}"))))
                .isEqualTo("{\"Client_Secret\":\"[redacted]\",\"n\":1}");
        assertThat(body(r.apply(delivery("application/json", "{\"api\\u005fkey\":\"x\"}"))))
                .isEqualTo("{\"api_key\":\"[redacted]\"}");
        assertThat(body(r.apply(delivery("application/json", "{\"API_\u212AEY\":\"x\"}"))))
                .isEqualTo("{\"API_\u212AEY\":\"[redacted]\"}");
    }

    @Test
    void aSecretLearntWhileRunningIsFoundAmongHundredsOfOthers() {
        Redaction r = new Redaction(List.of(), List.of("bench-secret"));
        for (int i = 0; i < 300; i++) { // thousands of forms: more states than the scan's table takes
            r.add("issued-token-" + i + "-abcdefghijklmnop");
        }
        StoredDelivery d = StoredDelivery.builder().receivedAt(Instant.EPOCH).path("/webhook")
                .headers(List.of(new Header("X-Token", "Bearer issued-token-217-abcdefghijklmnop"))).build();
        assertThat(r.apply(d).headers()).containsExactly(new Header("X-Token", Redaction.REDACTED));
        StoredDelivery none = StoredDelivery.builder().receivedAt(Instant.EPOCH).path("/webhook")
                .headers(List.of(new Header("X-Token", "Bearer issued-token-217-abcdefghijklmno"))).build();
        assertThat(r.apply(none)).isSameAs(none);
    }
}
