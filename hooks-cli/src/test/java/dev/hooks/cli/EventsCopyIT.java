package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoreSettings;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks events copy}: a laptop's SQLite history into the team's PostgreSQL one and back, on a real server. */
class EventsCopyIT {
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();

    @TempDir
    Path home;


    private static StoredDelivery delivery(String eventId, int status, int minute) {
        return StoredDelivery.builder()
                .receivedAt(Instant.parse("2026-01-01T10:00:00Z").plusSeconds(60L * minute))
                .provider("paismo").method("POST").path("/webhook")
                .header("Content-Type", "application/json").header("X-Paismo-Signature", "t=1,v1=ab")
                .body(("{\"event_id\":\"" + eventId + "\",\"bytes\":\"\u00e9\\u0000\"}").getBytes(StandardCharsets.UTF_8))
                .eventType("employee.updated").eventId(eventId).verified(status == 200).status(status).build();
    }

    /** What a copy must keep of each row: id, order, bytes, duplicate flag, verdict. */
    private static List<String> facts(DeliveryStore store) {
        return store.list(Query.all().withOldestFirst(true)).stream()
                .map(d -> d.id() + " " + d.receivedAt() + " " + d.eventId() + " dup=" + d.duplicate() + " "
                        + d.status() + " " + d.verified() + " " + new String(d.body(), StandardCharsets.UTF_8)
                        + " " + d.headers())
                .toList();
    }

    @Test
    void copiesSqliteToPostgresAndBackKeepingIdsOrderAndDuplicateFlagsAndAddsOnlyWhatIsNewWhenRunAgain()
            throws Exception {
        Path laptop = home.resolve("laptop.db");
        List<String> original;
        try (DeliveryStore store = DeliveryStore.open(laptop)) {
            store.save(delivery("evt_1", 200, 0));
            store.save(delivery("evt_2", 401, 1));
            store.save(delivery("evt_1", 200, 2)); // a retry: duplicate
            store.save(delivery("evt_3", 200, 3));
            original = facts(store);
        }
        assertThat(original.get(2)).contains("dup=true");
        String team = PG.server().freshDatabase();

        CliRun first = CliRun.run(home, PG.server().env(), new byte[0], "events", "copy", "--from", laptop.toString(), "--to", team)
                .succeeds();
        assertThat(first.err()).contains("copied 4 recorded requests from " + laptop + " to " + team);
        CliRun again = CliRun.run(home, PG.server().env(), new byte[0], "events", "copy", "--from", laptop.toString(), "--to", team)
                .succeeds();
        assertThat(again.err()).contains("copied 0 recorded requests").contains("4 already there, left as they were");
        try (DeliveryStore store = DeliveryStore.open(team, StoreSettings.reading(PG.server().env()))) {
            assertThat(facts(store)).isEqualTo(original);
        }

        // Back: from the team's database into a new file, through HOOKS_STORE-free explicit flags.
        Path back = home.resolve("back.db");
        CliRun.run(home, PG.server().env(), new byte[0], "events", "copy", "--from", team, "--to", back.toString()).succeeds();
        try (DeliveryStore store = DeliveryStore.open(back)) {
            assertThat(facts(store)).isEqualTo(original);
        }
        // What events list shows of the database is what it shows of the file.
        assertThat(CliRun.run(home, PG.server().env(), new byte[0], "events", "list", "--store", team).succeeds().out())
                .isEqualTo(CliRun.run(home, null, "events", "list", "--store", back.toString()).succeeds().out());
    }

    /** Each row's id and the name of the listener that received it, as the history gives them back. */
    private static Map<String, String> listeners(DeliveryStore store) {
        Map<String, String> m = new HashMap<>();
        store.list(Query.all()).forEach(d -> m.put(d.id(), String.valueOf(d.listener())));
        return m;
    }

    @Test
    void copyingBetweenPostgresDatabasesKeepsEachRowsListenerAndCopyingIntoAFileDropsIt() throws Exception {
        String team = PG.server().freshDatabase();
        Map<String, String> received = new HashMap<>();
        for (String name : List.of("alpha", "bravo")) {
            try (DeliveryStore store = DeliveryStore.open(team, new StoreSettings(name, null, PG.server().env()))) {
                for (int i = 0; i < 2; i++) {
                    StoredDelivery saved = store.save(delivery("evt_" + name + "_" + i, 200, i));
                    assertThat(saved.listener()).isEqualTo(name);
                    received.put(saved.id(), name);
                }
            }
        }
        String other = PG.server().freshDatabase();
        // The destination is opened with no listener name of its own: each row keeps the one it came with.
        CliRun.run(home, PG.server().env(), new byte[0], "events", "copy", "--from", team, "--to", other).succeeds();
        try (DeliveryStore store = DeliveryStore.open(other, StoreSettings.reading(PG.server().env()))) {
            assertThat(listeners(store)).isEqualTo(received);
        }
        assertThat(CliRun.run(home, PG.server().env(), new byte[0], "events", "list", "--store", other).succeeds().out())
                .contains("LISTENER").contains("alpha").contains("bravo");

        // An SQLite file records no listener: the names are dropped, and the listing has no such column.
        Path file = home.resolve("from-team.db");
        CliRun.run(home, PG.server().env(), new byte[0], "events", "copy", "--from", other, "--to", file.toString())
                .succeeds();
        try (DeliveryStore store = DeliveryStore.open(file)) {
            assertThat(listeners(store)).containsOnlyKeys(received.keySet()).containsValues("null")
                    .doesNotContainValue("alpha").doesNotContainValue("bravo");
        }
        assertThat(CliRun.run(home, null, "events", "list", "--store", file.toString()).succeeds().out())
                .doesNotContain("LISTENER");
        assertThat(CliRun.run(home, null, "events", "list", "--store", file.toString(), "--format", "json").succeeds()
                .out()).doesNotContain("\"listener\"");
    }

    @Test
    void hooksStoreNamesTheDatabaseAndAWrongPasswordIsOneLineNamingNoPassword() throws Exception {
        String team = PG.server().freshDatabase();
        java.util.Map<String, String> env = new java.util.HashMap<>(PG.server().env());
        env.put("HOOKS_STORE", team);
        assertThat(CliRun.run(home, env, new byte[0], "events", "list").succeeds().out()).isEmpty();
        CliRun wrong = CliRun.run(home, java.util.Map.of("HOOKS_STORE", team, "PGPASSWORD", "wrong-Pw-123"), new byte[0],
                "events", "list").exits(2);
        assertThat(wrong.err().strip()).startsWith("hooks: cannot open history " + team + ": ")
                .contains("password authentication failed").doesNotContain("wrong-Pw-123");
        assertThat(wrong.err().strip().lines()).hasSize(1);
    }
}
