package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.scheme.Headers;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Exchange;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.store.StoredDelivery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one replay mechanism: what is sent again, re-signed, re-encrypted, and what is recorded. */
class ReplayTest {
    static final ProviderCatalog CATALOG = new ProviderCatalog(List.of());
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes
    static final Instant THEN = Instant.parse("2026-01-02T03:04:05Z");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-01-02T04:00:00Z"), ZoneOffset.UTC);
    static final URI TO = URI.create("http://127.0.0.1:9/hooks");

    static Headers headers(OutgoingRequest r) {
        Headers h = new Headers();
        r.headers().forEach(x -> h.add(x.name(), x.value()));
        return h;
    }

    @Test
    void anEditedTealBodyIsEncryptedAfreshThenSigned() {
        Profile teal = CATALOG.get("teal");
        SignatureScheme scheme = SignatureScheme.of(teal, "t0p");
        PayloadEncryption enc = new PayloadEncryption(teal.encryption(), KEY);
        byte[] plain = "{\"event\":\"user-created\",\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
        PayloadEncryption.Encrypted sealed = enc.encrypt(plain, null);
        StoredDelivery original = StoredDelivery.builder().id("d_000000000001").receivedAt(THEN).provider("teal")
                .method("POST").path("/webhook").header("Host", "127.0.0.1:3000").header("Content-Type", "application/json")
                .header("X-Teal-Encryption-IV", sealed.ivBase64())
                .header("X-Teal-Signature", scheme.sign(sealed.body(), null, null, null).signatureValue())
                .body(sealed.body()).decrypted(plain).build();

        byte[] edited = "{\"event\":\"user-created\",\"id\":\"e1\",\"edited\":true}".getBytes(StandardCharsets.UTF_8);
        OutgoingRequest r = Replay.request(original, TO, edited, scheme, enc, NOW);

        assertThat(r.header("Host")).isNull();
        assertThat(r.header("X-Teal-Encryption-IV")).isNotEqualTo(sealed.ivBase64());
        assertThat(enc.decrypt(r.body(), r.header("X-Teal-Encryption-IV")).plaintext()).isEqualTo(edited);
        assertThat(scheme.verify(r.body(), headers(r), null, NOW.instant(), null).isValid()).isTrue();
        assertThat(r.headers().stream().filter(h -> h.name().equalsIgnoreCase("X-Teal-Signature"))).hasSize(1);
    }

    @Test
    void reSigningGivesAFreshIdAndTimestampAndTheRecordLinksTheOriginal() {
        Profile sw = CATALOG.get("standard-webhooks");
        SignatureScheme scheme = SignatureScheme.of(sw, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"type\":\"employee.created\"}".getBytes(StandardCharsets.UTF_8);
        SignatureScheme.Signed then = scheme.sign(body, "msg_recorded", Long.toString(THEN.getEpochSecond()), null);
        StoredDelivery.Builder b = StoredDelivery.builder().id("d_000000000002").receivedAt(THEN)
                .provider("standard-webhooks").method("POST").path("/webhook").body(body).eventType("employee.created")
                .verified(true);
        then.headers().forEach(b::header);
        StoredDelivery original = b.build();

        OutgoingRequest r = Replay.request(original, TO, null, scheme, null, NOW);
        assertThat(r.header("webhook-id")).isNotNull().isNotEqualTo("msg_recorded");
        assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.instant().getEpochSecond()));
        assertThat(scheme.verify(body, headers(r), null, NOW.instant(), Duration.ofMinutes(5)).isValid()).isTrue();

        OutgoingRequest asRecorded = Replay.request(original, TO, null, null, null, NOW);
        assertThat(asRecorded.header("webhook-id")).isEqualTo("msg_recorded");

        Exchange x = new Exchange(r, NOW.instant(), 1_500_000, 204, List.of(), new byte[0], null);
        StoredDelivery rec = Replay.record(original, x, "standard-webhooks", false, sw);
        assertThat(rec.kind()).isEqualTo(StoredDelivery.REPLAY);
        assertThat(rec.replayOf()).isEqualTo(original.id());
        assertThat(rec.verified()).isTrue();
        assertThat(rec.eventId()).isEqualTo(r.header("webhook-id")); // the fresh id sent, as the receiver sees it
        assertThat(rec.status()).isEqualTo(204);
        assertThat(rec.forwardedTo()).isEqualTo(TO.toString());
        assertThat(Map.of("eventType", rec.eventType())).containsEntry("eventType", "employee.created");
    }
}
