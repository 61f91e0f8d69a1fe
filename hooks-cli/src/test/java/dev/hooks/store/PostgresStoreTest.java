package dev.hooks.store;

import dev.hooks.HooksException;
import dev.hooks.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.hooks.store.DeliveryStoreTest.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history on a real PostgreSQL server, shared by several stores as several listeners share it. */
class PostgresStoreTest {
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();
    String url;


    @BeforeEach
    void freshDatabase() throws Exception {
        url = PG.server().freshDatabase();
    }

    private DeliveryStore open(String listener) {
        return DeliveryStore.open(url, new StoreSettings(listener, null, PG.server().env()));
    }

    @Test
    void savesReadsAndFindsLikeTheFileDoes() {
        try (DeliveryStore store = open("a:1")) {
            StoredDelivery saved = store.save(delivery("paismo", "employee.updated", "evt_1")
                    .header("X-Seq", "1").body("{\"a\":1}".getBytes()).build());
            store.save(delivery("paismo", "employee.created", "evt_2").verified(false).status(401).build());
            assertThat(saved.seq()).isPositive();
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.list(Query.all()).get(0).eventId()).isEqualTo("evt_2");
            StoredDelivery found = store.find(saved.id()).orElseThrow();
            assertThat(found.headers()).isEqualTo(saved.headers());
            assertThat(found.bodyBytes()).isEqualTo("{\"a\":1}".getBytes());
            assertThat(store.find(saved.id().substring(saved.id().length() - 8))).contains(found);
            assertThat(store.find(String.valueOf(saved.seq()))).contains(found);
            assertThat(store.listSummaries(Query.all())).extracting(DeliverySummary::bodyBytes).containsExactly(33, 7);
            assertThat(store.list(Query.all().withVerified(Query.Verified.INVALID))).hasSize(1);
            assertThat(store.seenEventId("paismo", "evt_1")).isTrue();
            assertThat(store.seenEventId("paismo", "evt_2")).as("refused: does not count").isFalse();
            assertThat(store.location()).startsWith("postgresql://hooks@127.0.0.1:").doesNotContain(PostgresServer.PASSWORD);
        }
    }

    @Test
    void twoStoresShareOneHistoryWithUniqueIdsListenerNamesAndDuplicatesAcrossThem() throws Exception {
        try (DeliveryStore a = open("a:1"); DeliveryStore b = open("b:2")) {
            List<CompletableFuture<StoredDelivery>> saves = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                saves.add((i % 2 == 0 ? a : b).append(delivery("paismo", "t", "evt_" + i).build()));
            }
            saves.forEach(CompletableFuture::join);
            StoredDelivery first = a.save(delivery("paismo", "t", "evt_shared").build());
            StoredDelivery second = b.save(delivery("paismo", "t", "evt_shared").build());
            assertThat(first.duplicate()).isFalse();
            assertThat(second.duplicate()).as("the same event id at another listener").isTrue();
            assertThat(a.list(Query.all())).hasSize(202).extracting(StoredDelivery::id).doesNotHaveDuplicates();
            assertThat(b.list(Query.all().withOldestFirst(true))).extracting(StoredDelivery::seq).isSorted();
        }
        try (Connection c = PG.server().connect(PostgresServer.database(url)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT listener, count(*) FROM deliveries GROUP BY listener ORDER BY 1")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getLong(2));
            }
            assertThat(rows).containsExactly("a:1=101", "b:2=101");
        }
    }

    @Test
    void aSubscriberHearsEveryStoresCommitsThroughNotifications() throws Exception {
        try (DeliveryStore a = open("a:1"); DeliveryStore b = open("b:2")) {
            List<StoredDelivery> heard = new CopyOnWriteArrayList<>();
            a.subscribe(heard::add);
            StoredDelivery fromB = b.save(delivery("paismo", "t", "evt_b").build());
            StoredDelivery fromA = a.save(delivery("paismo", "t", "evt_a").build());
            b.update(fromB.toBuilder().forwardStatus(202).build()).join();
            // Notifications that arrive together are read together: a row inserted and updated in one round is told
            // once, as it is now; either way its last telling carries the update.
            java.util.function.Predicate<StoredDelivery> updated = d -> d.id().equals(fromB.id())
                    && Integer.valueOf(202).equals(d.forwardStatus());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (heard.stream().noneMatch(updated) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(heard.stream().map(StoredDelivery::id).distinct().toList()).containsExactly(fromB.id(), fromA.id());
            List<StoredDelivery> ofB = heard.stream().filter(d -> d.id().equals(fromB.id())).toList();
            assertThat(ofB.get(ofB.size() - 1)).matches(updated);
        }
    }

    /**
     * A wait ({@code events wait}) reads the history again as soon as another listener commits, told by the server's
     * notification: with polling made an hour long, a delivery another store commits after the wait's first read
     * still ends the wait, long before its 60 s timeout. (Without the notification it would end at the timeout,
     * incomplete.)
     */
    @Test
    void aWaitIsWokenByAnotherStoresCommitNotByPolling() throws Exception {
        try (DeliveryStore waiting = open(null); DeliveryStore writer = open("b:2")) {
            writer.save(delivery("paismo", "other.event", "evt_0").build());
            java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
            DeliveryWait wait = new DeliveryWait(waiting,
                    new DeliveryWait.Criteria("paismo", "employee.created", false, null, 1), java.time.Duration.ofHours(1));
            CompletableFuture<DeliveryWait.Outcome> outcome = CompletableFuture.supplyAsync(() ->
                    wait.await(java.time.Duration.ofSeconds(60), () -> {
                        firstRead.countDown(); // asked after each read that left the wait incomplete
                        return false;
                    }));
            assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
            StoredDelivery sent = writer.save(delivery("paismo", "employee.created", "evt_1").build());
            DeliveryWait.Outcome done = outcome.get(50, TimeUnit.SECONDS);
            assertThat(done.complete()).isTrue();
            assertThat(done.matched()).extracting(StoredDelivery::id).containsExactly(sent.id());
            assertThat(done.rejectedCount()).isEqualTo(1);
        }
    }

    @Test
    void theServerAwayFailsWritesAndTheStoreRecoversWhenItIsBack() throws Exception {
        try (DeliveryStore store = open("a:1")) {
            store.save(delivery("paismo", "t", "evt_before").build());
            PG.server().stop();
            try {
                assertThatThrownBy(() -> store.save(delivery("paismo", "t", "evt_down").build()))
                        .isInstanceOf(HooksException.class)
                        .hasMessageStartingWith("cannot save to history postgresql://hooks@127.0.0.1:")
                        .hasMessageNotContaining(PostgresServer.PASSWORD);
            } finally {
                PG.server().start();
            }
            // The pool connects again on its own schedule (it backs off while the server is away): the same store
            // saves again within seconds, without being opened again.
            StoredDelivery after = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (after == null) {
                try {
                    after = store.save(delivery("paismo", "t", "evt_after").build());
                } catch (HooksException stillAway) {
                    assertThat(System.nanoTime()).as(stillAway.getMessage()).isLessThan(deadline);
                }
            }
            assertThat(store.find(after.id())).isPresent();
            assertThat(store.list(Query.all())).extracting(StoredDelivery::eventId)
                    .containsExactly("evt_after", "evt_before");
        }
    }

    @Test
    void anOlderSchemaIsMigratedAndANewerOneRefusedWithOneLine() throws Exception {
        StoreLocation where = StoreLocation.parse(url, new StoreSettings(null, null, PG.server().env()));
        try (Connection c = PG.server().connect(PostgresServer.database(url))) {
            PostgresStore.migrate(c, where, 1); // what an older hooks made
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO deliveries (id, received_at, kind, method, path, headers, body, duplicate, "
                        + "status, response_headers, response_body, latency_micros) VALUES ('old1', "
                        + "'2025-01-01T00:00:00Z', 'delivery', 'POST', '/', '[]', ''::bytea, 0, 200, '[]', ''::bytea, 5)");
            }
        }
        try (DeliveryStore store = open("new:1")) {
            assertThat(store.find("old1")).isPresent();
            store.save(delivery("paismo", "t", "evt_new").build());
        }
        try (Connection c = PG.server().connect(PostgresServer.database(url)); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version FROM hooks_schema")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(PostgresStore.SCHEMA_VERSION);
            }
            st.execute("UPDATE hooks_schema SET version = 99");
        }
        assertThatThrownBy(() -> open("new:1")).isInstanceOf(HooksException.class)
                .hasMessage("cannot open history " + url.replace("postgresql://hooks@", "postgresql://hooks@")
                        + ": it was written by a newer hooks (schema 99, this one knows " + PostgresStore.SCHEMA_VERSION
                        + "); upgrade hooks or pass --store with another database");
    }

    @Test
    void theWrongPasswordIsAOneLineErrorThatNamesNoPassword(@TempDir Path dir) throws Exception {
        String wrong = "not-the-Password-42";
        for (String location : List.of(url.replace("hooks@", "hooks:" + wrong + "@"),
                "jdbc:" + url.replace("hooks@", "") + "?user=hooks&password=" + wrong)) {
            assertThatThrownBy(() -> DeliveryStore.open(location, StoreSettings.reading(Map.of())))
                    .isInstanceOf(HooksException.class)
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining(wrong)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> DeliveryStore.open(url, new StoreSettings(null, "HOOKS_TEST_NO_SUCH_VAR", Map.of())))
                .isInstanceOf(HooksException.class)
                .hasMessage("--store-password-env HOOKS_TEST_NO_SUCH_VAR: that variable is not set");
        try (DeliveryStore viaNamedVariable = DeliveryStore.open(url,
                new StoreSettings(null, "TEAM_PG", Map.of("TEAM_PG", PostgresServer.PASSWORD)))) {
            assertThat(viaNamedVariable.count()).isZero();
        }
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# host:port:db:user:password\nother:*:*:*:nope\n127.0.0.1:" + PG.server().port()
                + ":*:hooks:" + PostgresServer.PASSWORD.replace(":", "\\:") + "\n");
        try (DeliveryStore viaPgpass = DeliveryStore.open(url, StoreSettings.reading(Map.of("PGPASSFILE", pgpass.toString())))) {
            assertThat(viaPgpass.count()).isZero();
        }
    }
}
