package dev.hooks.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredDeliveryTest {
    private static StoredDelivery.Builder minimal() {
        return StoredDelivery.builder().receivedAt(Instant.EPOCH);
    }

    @Test
    void idsAreDistinctAndSortInTheOrderTheyWereMade() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(StoredDelivery.newId());
            made.add(StoredDelivery.newId(ThreadLocalRandom.current()));
        }
        assertThat(made).allSatisfy(id -> assertThat(id).matches("d_[0-9a-hjkmnp-tv-z]{16}"));
        assertThat(new HashSet<>(made)).hasSize(made.size());
        // Most of these share a millisecond: within one, the leading part still grows.
        List<String> leads = made.stream().map(id -> id.substring(0, 15)).toList();
        assertThat(leads).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsBeginWithTheTimeTheyWereMade() {
        long before = System.currentTimeMillis();
        String early = StoredDelivery.newId();
        String late = StoredDelivery.newId();
        assertThat(early).isLessThan(late);
        // The leading 13 characters after d_ are (ms since 2020-01-01) << 20 | 20 random bits, in base32.
        long lead = 0;
        for (char ch : early.substring(2, 15).toCharArray()) {
            lead = lead * 32 + "0123456789abcdefghjkmnpqrstvwxyz".indexOf(ch);
        }
        long millis = (lead >>> 20) + Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        assertThat(millis).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    @Test
    void idsMadeOnManyThreadsAtOnceNeverRepeat() throws Exception {
        Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    ids.add(StoredDelivery.newId(ThreadLocalRandom.current()));
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(ids).hasSize(8 * 20_000);
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
