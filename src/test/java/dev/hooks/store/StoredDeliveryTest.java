package dev.hooks.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredDeliveryTest {
    private static StoredDelivery.Builder minimal() {
        return StoredDelivery.builder().receivedAt(Instant.EPOCH);
    }

    @Test
    void idsAreShortAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = StoredDelivery.newId();
            assertThat(id).matches("d_[0-9a-hjkmnp-tv-z]{12}");
            ids.add(id);
            String fast = StoredDelivery.newId(ThreadLocalRandom.current());
            assertThat(fast).matches("d_[0-9a-hjkmnp-tv-z]{12}");
            ids.add(fast);
        }
        assertThat(ids).hasSize(20_000);
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] body = {1, 2, 3};
        StoredDelivery d = minimal().body(body).build();
        body[0] = 9;
        d.body()[1] = 9;
        assertThat(d.body()).containsExactly(1, 2, 3);
        assertThat(d).isEqualTo(minimal().body(new byte[] {1, 2, 3}).build());
        assertThat(d.toString()).contains("body=3 bytes");
    }

    @Test
    void headerLookupIsCaseInsensitiveAndFirstWins() {
        StoredDelivery d = minimal().header("X-A", "1").header("x-a", "2").build();
        assertThat(d.header("X-a")).isEqualTo("1");
        assertThat(d.header("X-B")).isNull();
    }

    @Test
    void validationNamesTheBadProperty() {
        assertThatThrownBy(() -> minimal().kind("webhook").build()).hasMessageContaining("kind 'webhook'");
        assertThatThrownBy(() -> minimal().status(42).build()).hasMessageContaining("status 42");
        assertThatThrownBy(() -> minimal().id("has space").build()).hasMessageContaining("id 'has space'");
        assertThatThrownBy(() -> StoredDelivery.builder().build()).hasMessageContaining("receivedAt");
        assertThatThrownBy(() -> minimal().latencyMicros(-1).build()).hasMessageContaining("latencyMicros");
        assertThatThrownBy(() -> Query.all().withLimit(-1)).hasMessageContaining("limit -1");
    }
}
