package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.Query;
import dev.hooks.store.StoreSettings;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history's lifecycle on a real PostgreSQL server: {@code events prune} by age and by count and
 * {@code events stats} through the production command line, several prunings of one history at once, and a listener
 * with {@code --retain} that keeps the history within its bound while it receives.
 */
class ListenRetainPostgresIT {
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();

    @TempDir
    Path home;

    private static final Pattern PRUNED = Pattern.compile("pruned (\\d+) recorded requests? .* from (\\S+); (\\d+) left");

    /** {@code count} deliveries of paismo received at {@code at}, each with a body of {@link DeliveryStream#PAD}. */
    static void fill(DeliveryStore store, int from, int count, Instant at) {
        List<CompletableFuture<StoredDelivery>> saved = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            saved.add(store.append(StoredDelivery.builder().receivedAt(at).provider("paismo").method("POST")
                    .path("/webhook").eventId("evt_" + i).body(DeliveryStream.body("evt_" + i)).verified(i % 3 != 0)
                    .status(200).build()));
        }
        saved.forEach(CompletableFuture::join);
    }

    private CliRun hooks(String... args) {
        return CliRun.run(home, PG.server().env(), new byte[0], args);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    /**
     * A teammate whose role may read the shared history but not change it: reading commands work, and a prune is
     * refused with one line naming the permission, as an input error (exit 2), with nothing removed.
     */
    @Test
    void aRoleThatMayOnlyReadListsAndStatsTheHistoryAndIsRefusedAPruneInOneLine() throws Exception {
        String url = PG.server().freshDatabase();
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            fill(store, 0, 5, Instant.now().minus(Duration.ofHours(2)));
        }
        String database = PostgresServer.database(url);
        try (java.sql.Connection c = PG.server().connect(database); java.sql.Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader') THEN "
                    + "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'; END IF; END $$");
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
        }
        String asReader = url.replace("hooks@", "reader@");
        Map<String, String> env = Map.of("PGPASSWORD", "reader-pw");
        CliRun list = CliRun.run(home, env, new byte[0], "events", "list", "--store", asReader);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().count()).isEqualTo(6); // the header and five rows
        CliRun export = CliRun.run(home, env, new byte[0], "events", "export", "--store", asReader);
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out().lines().count()).isEqualTo(5);
        String id = json(export.out().lines().findFirst().orElseThrow()).get("id").asText();
        CliRun show = CliRun.run(home, env, new byte[0], "events", "show", id, "--store", asReader);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains(id);
        CliRun stats = CliRun.run(home, env, new byte[0], "events", "stats", "--store", asReader, "--format", "json");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(json(stats.out()).get("deliveries").asLong()).isEqualTo(5);

        CliRun prune = CliRun.run(home, env, new byte[0], "events", "prune", "--store", asReader, "--keep", "0")
                .exits(2);
        assertThat(prune.err().lines()).hasSize(1);
        assertThat(prune.err()).contains("permission denied").doesNotContain("Exception").doesNotContain("reader-pw");
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            assertThat(store.list(Query.all())).hasSize(5);
        }
    }

    @Test
    void pruneByAgeAndByCountAndStatsAgreeWithTheHistory() throws Exception {
        String url = PG.server().freshDatabase();
        Instant now = Instant.now();
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            fill(store, 0, 300, now.minus(Duration.ofHours(2)));
            fill(store, 300, 100, now.minusSeconds(1));
        }

        JsonNode stats = json(hooks("events", "stats", "--store", url, "--format", "json").succeeds().out());
        assertThat(stats.get("store").asText()).isEqualTo(url);
        assertThat(stats.get("deliveries").asLong()).isEqualTo(400);
        assertThat(stats.get("by_provider").get("paismo").asLong()).isEqualTo(400);
        assertThat(stats.get("by_verdict").get("invalid").asLong()).isEqualTo(134); // i % 3 == 0 in 0..399
        assertThat(stats.get("by_verdict").get("valid").asLong()).isEqualTo(266);
        assertThat(stats.get("oldest").asText()).isEqualTo(now.minus(Duration.ofHours(2)).toString());
        long full = stats.get("bytes").asLong();
        assertThat(full).as("the bodies alone are %d bytes", 400 * DeliveryStream.PAD).isGreaterThan(400L * DeliveryStream.PAD);
        assertThat(stats.has("wal_bytes")).as("no write-ahead log of its own to show").isFalse();
        assertThat(hooks("events", "stats", "--store", url).succeeds().out())
                .contains("deliveries   400", "by provider  paismo 400", "pg_total_relation_size");

        CliRun byAge = hooks("events", "prune", "--older-than", "1h", "--store", url).succeeds();
        assertThat(byAge.out()).contains("pruned 300 recorded requests received more than 1h ago from " + url
                + "; 100 left", "the tables gave back");
        List<String> listed = hooks("events", "list", "--store", url, "--limit", "0").succeeds().out().lines()
                .filter(l -> l.contains("evt_")).toList();
        assertThat(listed).as("events list agrees").hasSize(100)
                .allMatch(l -> Integer.parseInt(l.replaceAll(".*evt_(\\d+).*", "$1")) >= 300, "received within the hour");
        assertThat(json(hooks("events", "stats", "--store", url, "--format", "json").succeeds().out())
                .get("deliveries").asLong()).isEqualTo(100);

        CliRun byCount = hooks("events", "prune", "--keep", "10", "--store", url).succeeds();
        assertThat(byCount.out()).contains("pruned 90 recorded requests older than the newest 10 from " + url + "; 10 left");
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            List<String> ids = store.listSummaries(Query.all()).stream().map(s -> s.row().eventId()).toList();
            assertThat(ids).as("the newest 10").containsExactlyInAnyOrder(
                    java.util.stream.IntStream.range(390, 400).mapToObj(i -> "evt_" + i).toArray(String[]::new));
        }

        // Pruning everything leaves empty pages at the end of the table, which VACUUM gives back.
        CliRun vacuum = hooks("events", "prune", "--keep", "0", "--vacuum", "--store", url).succeeds();
        assertThat(vacuum.out()).contains("pruned 10 recorded requests older than the newest 0", "; 0 left");
        long after = json(hooks("events", "stats", "--store", url, "--format", "json").succeeds().out()).get("bytes").asLong();
        assertThat(after).as("size after pruning all and VACUUM").isLessThan(full / 2);
    }

    @Test
    void severalPruningsAtOnceNeitherFailNorRemoveMoreThanTheLimitAsks() throws Exception {
        String url = PG.server().freshDatabase();
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            fill(store, 0, 2000, Instant.now());
        }
        int n = 3;
        CyclicBarrier together = new CyclicBarrier(n);
        List<CompletableFuture<CliRun>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return hooks("events", "prune", "--keep", "50", "--store", url);
            }));
        }
        long total = 0;
        for (CompletableFuture<CliRun> run : runs) {
            CliRun r = run.join().exits(0);
            Matcher m = PRUNED.matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            assertThat(m.group(3)).isEqualTo("50");
            total += Long.parseLong(m.group(1));
        }
        assertThat(total).as("each row removed once, by one of them").isEqualTo(1950);
        try (DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            assertThat(store.listSummaries(Query.all())).hasSize(50);
        }
    }

    @Test
    void retainACountOnPostgresKeepsTheHistoryWithinItsBoundWhileReceiving() throws Exception {
        int keep = 200;
        Duration interval = Duration.ofSeconds(1);
        Duration slack = ListenRetainIT.SLACK;
        String url = PG.server().freshDatabase();
        Map<String, String> env = new HashMap<>(PG.server().env());
        env.put("HOOKS_SECRET", DeliveryStream.SECRET);
        try (ListenRun listen = ListenRun.start(home, env, "--provider", "paismo", "--store", url, "--retain",
                String.valueOf(keep), "--retain-interval", "1s");
             DeliveryStream stream = new DeliveryStream(listen);
             DeliveryStore store = DeliveryStore.open(url, StoreSettings.reading(PG.server().env()))) {
            assertThat(listen.banner()).contains("history " + url, "(keeping the newest 200)");
            stream.awaitAnswered(keep + 50, Duration.ofSeconds(60));
            Instant end = Instant.now().plus(interval).plus(slack).plusSeconds(6);
            int views = 0;
            while (Instant.now().isBefore(end)) {
                Instant before = Instant.now();
                List<DeliverySummary> rows = store.listSummaries(Query.all()); // one statement: one consistent view
                List<DeliveryStream.Sent> sent = stream.sent();
                Map<Integer, Instant> present = new HashMap<>();
                int max = -1;
                for (DeliverySummary s : rows) {
                    int k = stream.number(s.row().eventId());
                    if (k >= 0) {
                        present.put(k, s.row().receivedAt());
                        max = Math.max(max, k);
                    }
                }
                // The stream is sequential: the newest 200 before this view are among the 200 up to its newest.
                for (int k = Math.max(0, max - keep + 1); k <= max; k++) {
                    if (sent.get(k).accepted()) {
                        assertThat(present).as("evt_%d is among the newest %d (newest evt_%d)", k, keep, max).containsKey(k);
                    }
                }
                // evt_k is outside the limit once evt_(k+200) is stored, and then gone within an interval.
                Instant outsideSince = before.minus(interval).minus(slack);
                for (int k : present.keySet()) {
                    int pushedOutBy = k + keep;
                    if (pushedOutBy <= max && sent.get(pushedOutBy).answeredAt() != null) {
                        assertThat(sent.get(pushedOutBy).answeredAt())
                                .as("evt_%d was pushed out by evt_%d longer than an interval before %s", k, pushedOutBy, before)
                                .isAfterOrEqualTo(outsideSince);
                    }
                }
                views++;
                ListenRun.sleep(200);
            }
            List<DeliveryStream.Sent> sent = stream.sent();
            assertThat(views).isGreaterThan(5);
            assertThat(sent.size()).as("deliveries sent").isGreaterThan(2 * keep);
            assertThat(store.listSummaries(Query.all()).stream().map(s -> s.row().eventId()))
                    .as("the first deliveries are pruned").doesNotContain("evt_0");
            assertThat(listen.err()).doesNotContain("was not pruned");
        }
    }
}
