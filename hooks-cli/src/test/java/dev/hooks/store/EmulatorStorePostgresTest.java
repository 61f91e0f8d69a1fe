package dev.hooks.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.PostgresServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator's state on PostgreSQL reads back as on SQLite: every statement runs on both. */
class EmulatorStorePostgresTest {
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();

    @Test
    void subscriptionsEventsAttemptsAndPendingRetriesReadBack() throws Exception {
        String url = PG.server().freshDatabase();
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        try (EmulatorStore store = EmulatorStore.open(url, StoreSettings.reading(PG.server().env()))) {
            assertThat(store.location()).isEqualTo(url);
            store.saveSubscription("paismo", "wh_1", t, "{\"a\":1}");
            store.saveSubscription("paismo", "wh_1", t, "{\"a\":2}");
            assertThat(store.subscriptions("paismo")).containsExactly("{\"a\":2}");
            store.saveEvent(new EmulatorStore.StoredEvent("paismo", "evt_1", "x", t, new byte[] {0, 1, 2}));
            store.saveEvent(new EmulatorStore.StoredEvent("paismo", "evt_1", "y", t, new byte[] {3}));
            assertThat(store.event("paismo", "evt_1").orElseThrow().body()).containsExactly(3);
            store.addAttempt(new EmulatorStore.Attempt("del_1", "paismo", "wh_1", "evt_1", "y", 1, t, 500, 1.5,
                    "status 500", "retrying"));
            store.addAttempt(new EmulatorStore.Attempt("del_2", "paismo", "wh_1", "evt_1", "y", 2, t, 200, 2.5,
                    null, "delivered"));
            assertThat(store.attempts("paismo", "wh_1", t)).extracting(EmulatorStore.Attempt::id)
                    .containsExactly("del_2", "del_1");
            assertThat(store.attempt("paismo", "del_1").orElseThrow().error()).isEqualTo("status 500");
            store.savePending(new EmulatorStore.Pending("paismo", "wh_1", "evt_1", "y", 2, t));
            store.savePending(new EmulatorStore.Pending("paismo", "wh_1", "evt_1", "y", 3, t.plusSeconds(5)));
            assertThat(store.pending("paismo")).extracting(EmulatorStore.Pending::attempt).containsExactly(3);
            store.deletePending("paismo", "wh_1", "evt_1");
            assertThat(store.pending("paismo")).isEmpty();
            store.purge("paismo", t.plusSeconds(1));
            assertThat(store.attempts("paismo", "wh_1", Instant.EPOCH)).isEmpty();
            assertThat(store.counts()).isEqualTo(new EmulatorStore.Counts(2, 1, 1));
        }
    }
}
