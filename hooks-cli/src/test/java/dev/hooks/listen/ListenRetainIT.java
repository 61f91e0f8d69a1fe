package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history's lifecycle under a real listener, over real HTTP, in a real SQLite file: {@code --retain} by age and by
 * count under a stream of deliveries, {@code events prune --vacuum} while the listener writes, and
 * {@code events stats} against {@code events list}.
 */
class ListenRetainIT {
    /** How often the listeners here prune (the default is 10 s). */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * What the checks allow beyond one interval for a pruning to start and finish on a busy machine: generous, since
     * only the issue's own bound (the limit plus one interval) is claimed.
     */
    static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path home;

    /** What a snapshot of the history saw: the stream's numbers present, their received times, the file's size. */
    record Snapshot(Instant before, Instant after, Map<Integer, Instant> present, int max, long fileBytes) {
    }

    static Snapshot snapshot(DeliveryStore store, DeliveryStream stream, Path db) throws Exception {
        Instant before = Instant.now();
        List<DeliverySummary> rows = store.listSummaries(Query.all()); // one statement: one consistent view
        Instant after = Instant.now();
        Map<Integer, Instant> present = new HashMap<>();
        int max = -1;
        for (DeliverySummary s : rows) {
            int n = stream.number(s.row().eventId());
            if (n >= 0) {
                present.put(n, s.row().receivedAt());
                max = Math.max(max, n);
            }
        }
        return new Snapshot(before, after, present, max, Files.size(db));
    }

    /** Takes a snapshot every 200 ms until {@code end} and checks each against what was sent before it. */
    static List<Snapshot> watch(DeliveryStore store, DeliveryStream stream, Path db, Instant end,
            BiConsumer<Snapshot, List<DeliveryStream.Sent>> check) throws Exception {
        List<Snapshot> snaps = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            Snapshot snap = snapshot(store, stream, db);
            snaps.add(snap);
            check.accept(snap, stream.sent());
            ListenRun.sleep(200);
        }
        return snaps;
    }

    @Test
    void retainAnAgeKeepsEverythingInsideItAndNothingOutsideLongerThanAnInterval() throws Exception {
        Duration limit = Duration.ofSeconds(5);
        Path db = home.resolve("age.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", DeliveryStream.SECRET,
                "--store", db.toString(), "--retain", "5s", "--retain-interval", "1s");
             // a steady pace, so that the deliveries inside the limit are about as many all along
             DeliveryStream stream = new DeliveryStream(listen, 25);
             DeliveryStore store = DeliveryStore.open(db)) {
            assertThat(listen.banner()).contains("history " + db + " (keeping the last 5s)");
            Instant start = Instant.now();
            // Steady once the first deliveries are past the limit and one interval (and the slack) has gone by, and
            // the listener has warmed up.
            Instant steady = start.plus(limit).plus(INTERVAL).plus(SLACK).plusSeconds(2);
            Instant end = steady.plusSeconds(8);
            List<Snapshot> snaps = watch(store, stream, db, end, (snap, sent) -> {
                for (DeliveryStream.Sent s : sent) {
                    boolean inside = !s.sentAt().isBefore(snap.after().minus(limit));
                    if (s.accepted() && s.answeredAt().isBefore(snap.before()) && inside) {
                        assertThat(snap.present()).as("evt_%d, answered %s and inside the limit at %s", s.n(),
                                s.status(), snap.after()).containsKey(s.n());
                    }
                }
                Instant oldestAllowed = snap.before().minus(limit).minus(INTERVAL).minus(SLACK);
                snap.present().forEach((n, receivedAt) -> assertThat(receivedAt)
                        .as("evt_%d is outside the limit for longer than an interval at %s", n, snap.before())
                        .isAfterOrEqualTo(oldestAllowed));
            });
            assertThat(snaps.get(snaps.size() - 1).present()).as("the first deliveries are pruned").doesNotContainKey(0);
            assertLevelsOff(snaps, steady, stream);
        }
    }

    @Test
    void retainACountKeepsTheNewestAndNothingOutsideLongerThanAnInterval() throws Exception {
        int keep = 200;
        Path db = home.resolve("count.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", DeliveryStream.SECRET,
                "--store", db.toString(), "--retain", "200", "--retain-interval", "1s");
             DeliveryStream stream = new DeliveryStream(listen);
             DeliveryStore store = DeliveryStore.open(db)) {
            assertThat(listen.banner()).contains("history " + db + " (keeping the newest 200)");
            stream.awaitAnswered(keep, Duration.ofSeconds(60));
            Instant steady = Instant.now().plus(INTERVAL).plus(SLACK);
            Instant end = steady.plusSeconds(8);
            List<Snapshot> snaps = watch(store, stream, db, end, (snap, sent) -> {
                // The stream is sequential, so the newest 200 at any pruning before this view are among the 200 up to
                // the newest it shows.
                for (int n = Math.max(0, snap.max() - keep + 1); n <= snap.max(); n++) {
                    if (sent.get(n).accepted()) {
                        assertThat(snap.present()).as("evt_%d is among the newest %d (newest evt_%d)", n, keep, snap.max())
                                .containsKey(n);
                    }
                }
                // evt_n is outside the limit once evt_(n+200) is stored, and then gone within an interval.
                Instant outsideSince = snap.before().minus(INTERVAL).minus(SLACK);
                for (int n : snap.present().keySet()) {
                    int pushedOutBy = n + keep;
                    if (pushedOutBy <= snap.max() && sent.get(pushedOutBy).answeredAt() != null) {
                        assertThat(sent.get(pushedOutBy).answeredAt())
                                .as("evt_%d was pushed out by evt_%d longer than an interval before %s", n, pushedOutBy,
                                        snap.before())
                                .isAfterOrEqualTo(outsideSince);
                    }
                }
            });
            Snapshot last = snaps.get(snaps.size() - 1);
            assertThat(last.present()).as("the first deliveries are pruned").doesNotContainKey(0);
            assertLevelsOff(snaps, steady, stream);
        }
    }

    /**
     * The file stops growing: from its largest in the first two seconds of the steady state (two prunings) to its
     * largest in the last two, it grows by less than half of what the deliveries in between brought (without pruning
     * it grows by all of it, and more: each row has its headers and index entries besides the body).
     */
    static void assertLevelsOff(List<Snapshot> snaps, Instant steady, DeliveryStream stream) {
        Snapshot last = snaps.get(snaps.size() - 1);
        long early = snaps.stream().filter(s -> !s.before().isBefore(steady) && s.before().isBefore(steady.plusSeconds(2)))
                .mapToLong(Snapshot::fileBytes).max().orElseThrow();
        int earlyMax = snaps.stream().filter(s -> !s.before().isBefore(steady)).findFirst().orElseThrow().max();
        long late = snaps.stream().filter(s -> !s.before().isBefore(last.before().minusSeconds(2)))
                .mapToLong(Snapshot::fileBytes).max().orElseThrow();
        long arrived = (long) (last.max() - earlyMax) * DeliveryStream.PAD;
        assertThat(last.max() - earlyMax).as("deliveries during the steady state").isGreaterThan(100);
        String series = snaps.stream().map(s -> s.present().size() + ":" + s.fileBytes() / 1024 + "k")
                .collect(Collectors.joining(" "));
        assertThat(late - early).as("growth of the file (%d -> %d bytes) while %d bytes of bodies arrived; deliveries "
                + "held and file size along the way: %s", early, late, arrived, series).isLessThan(arrived / 2);
    }

    @Test
    void pruneWithVacuumShrinksTheFileWhileAListenerWritesAndKeepsEveryAcknowledgedDeliveryInsideTheLimit()
            throws Exception {
        Path db = home.resolve("vacuum.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", DeliveryStream.SECRET,
                "--store", db.toString());
             DeliveryStore store = DeliveryStore.open(db)) {
            // What will be old: 1500 deliveries from the sender, eight at a time.
            CliRun.run(home, Map.of(), new byte[0], "send", "employee.created", "--provider", "paismo", "--secret",
                    DeliveryStream.SECRET, "--to", "http://127.0.0.1:" + listen.port() + "/webhook", "--count", "1500",
                    "--concurrency", "8", "--set", "data.pad=" + "y".repeat(DeliveryStream.PAD), "--no-progress")
                    .exits(0);
            Instant filled = Instant.now();
            try (DeliveryStream stream = new DeliveryStream(listen, 200)) {
                // Everything sent above is more than 2 s old, and the stream is writing.
                while (Instant.now().isBefore(filled.plusMillis(2500))) {
                    ListenRun.sleep(50);
                }
                stream.awaitAnswered(1, Duration.ofSeconds(20));
                long before = Files.size(db);
                Instant started = Instant.now();
                long answeredBefore = stream.answered();
                CliRun prune = CliRun.run(home, Map.of(), new byte[0], "events", "prune", "--older-than", "2s",
                        "--vacuum", "--store", db.toString()).exits(0);
                long answeredDuring = stream.answered() - answeredBefore;
                // The command took its "now" after started and before this: what was sent since 2 s before this
                // was inside its limit.
                Instant cutoff = Instant.now().minusSeconds(2);
                long after = Files.size(db);
                stream.awaitAnswered((int) stream.answered() + 20, Duration.ofSeconds(20));
                stream.close();

                Matcher m = Pattern.compile("pruned (\\d+) recorded requests? received more than 2s ago").matcher(prune.out());
                assertThat(m.find()).as(prune.out()).isTrue();
                assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(1500);
                assertThat(prune.out()).containsPattern("the file gave back [1-9][0-9.]* [kMG]?B");
                // The file gives back at least half the bytes of the 1500 pruned bodies, however many the stream
                // added meanwhile (without the vacuum it gives back nothing).
                assertThat(before - after).as("bytes given back from %d; prune said: %s", before, prune.out())
                        .isGreaterThanOrEqualTo(1500L * DeliveryStream.PAD / 2);
                assertThat(answeredDuring).as("the listener answered while the prune ran").isPositive();

                List<DeliverySummary> rows = store.listSummaries(Query.all());
                Set<Integer> present = rows.stream().map(r -> stream.number(r.row().eventId())).filter(n -> n >= 0)
                        .collect(Collectors.toSet());
                int inside = 0;
                for (DeliveryStream.Sent s : stream.sent()) {
                    assertThat(s.status()).as("evt_%d's answer", s.n()).isIn(0, 200);
                    if (s.accepted() && !s.sentAt().isBefore(cutoff)) {
                        assertThat(present).as("evt_%d, acknowledged and inside the limit", s.n()).contains(s.n());
                        inside++;
                    }
                }
                assertThat(inside).as("acknowledged deliveries inside the limit").isGreaterThan(20);
                assertThat(rows).as("nothing received long before the limit is left")
                        .noneMatch(r -> r.row().receivedAt().isBefore(started.minusSeconds(3)));
            }
        }
    }

    @Test
    void aHistoryMadeBeforeIncrementalVacuumIsRewrittenOnceAndShrinks() throws Exception {
        Path db = home.resolve("old.db");
        try (DeliveryStore store = DeliveryStore.open(db)) {
            for (int i = 0; i < 400; i++) {
                store.append(StoredDelivery.builder().receivedAt(Instant.now()).provider("paismo").method("POST")
                        .path("/webhook").body(DeliveryStream.body("evt_" + i)).status(200).build());
            }
            store.save(StoredDelivery.builder().receivedAt(Instant.now()).method("POST").path("/x").status(404).build());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA auto_vacuum = NONE");
            st.execute("VACUUM"); // as a history made before auto_vacuum=INCREMENTAL is
            assertThat(autoVacuum(st)).isZero();
        }
        long before = Files.size(db);

        CliRun r = CliRun.run(home, Map.of(), new byte[0], "events", "prune", "--keep", "10", "--vacuum", "--store",
                db.toString()).exits(0);

        assertThat(r.out()).contains("pruned 391 recorded requests older than the newest 10", "; 10 left");
        assertThat(Files.size(db)).isLessThan(before / 4);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(autoVacuum(st)).as("incremental from now on").isEqualTo(2);
        }
    }

    private static int autoVacuum(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void statsAgreeWithTheListAndTheInspectorShowsTheSame() throws Exception {
        Path db = home.resolve("stats.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", DeliveryStream.SECRET,
                "--store", db.toString())) {
            for (int i = 0; i < 5; i++) {
                assertThat(DeliveryStream.send(listen, "evt_ok" + i).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                byte[] body = DeliveryStream.body("evt_bad" + i);
                assertThat(listen.post("/webhook", body, Map.of("X-Paismo-Signature", "t=1,v1=00")).statusCode())
                        .isEqualTo(401);
            }
            assertThat(listen.post("/nowhere", new byte[] {'{', '}'}, Map.of()).statusCode()).isEqualTo(404);
            listen.awaitLines(9);

            // The listener may checkpoint its log into the file at any moment, so the file only grows meanwhile:
            // the size stats reads lies between the sizes read before and after it.
            long sizeBefore = Files.size(db);
            JsonNode stats = ListenRun.JSON.readTree(CliRun.run(home, Map.of(), new byte[0], "events", "stats",
                    "--format", "json", "--store", db.toString()).exits(0).out());
            long sizeAfter = Files.size(db);
            List<JsonNode> list = CliRun.run(home, Map.of(), new byte[0], "events", "list", "--limit", "0", "--format",
                    "json", "--store", db.toString()).exits(0).out().lines().map(ListenRetainIT::tree).toList();

            assertThat(stats.get("deliveries").asLong()).isEqualTo(list.size()).isEqualTo(9);
            Map<String, Long> byProvider = list.stream().collect(Collectors.groupingBy(
                    d -> d.get("provider").isNull() ? "(none)" : d.get("provider").asText(), Collectors.counting()));
            assertThat(counts(stats.get("by_provider"))).isEqualTo(byProvider);
            Map<String, Long> byVerdict = new HashMap<>(Map.of("valid", 0L, "invalid", 0L, "unsigned", 0L));
            list.forEach(d -> byVerdict.merge(d.get("verified").isNull() ? "unsigned"
                    : d.get("verified").asBoolean() ? "valid" : "invalid", 1L, Long::sum));
            assertThat(counts(stats.get("by_verdict"))).isEqualTo(byVerdict);
            List<Instant> times = list.stream().map(d -> Instant.parse(d.get("received_at").asText())).sorted().toList();
            assertThat(Instant.parse(stats.get("oldest").asText())).isEqualTo(times.get(0));
            assertThat(Instant.parse(stats.get("newest").asText())).isEqualTo(times.get(times.size() - 1));
            assertThat(stats.get("store").asText()).isEqualTo(db.toString());
            assertThat(stats.get("file_bytes").asLong()).isBetween(sizeBefore, sizeAfter);
            assertThat(stats.get("bytes").asLong()).isEqualTo(stats.get("file_bytes").asLong()
                    + stats.get("wal_bytes").asLong());

            String text = CliRun.run(home, Map.of(), new byte[0], "events", "stats", "--store", db.toString()).exits(0).out();
            assertThat(text).contains("deliveries   9", "by provider  paismo 8, (none) 1",
                    "by verdict   valid 5, invalid 3, unsigned 1", "oldest       " + times.get(0));

            var answer = listen.inspector("/_hooks/api/stats");
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode shown = ListenRun.JSON.readTree(answer.body());
            for (String field : List.of("store", "deliveries", "oldest", "newest", "by_provider", "by_verdict")) {
                assertThat(shown.get(field)).as(field).isEqualTo(stats.get(field));
            }
            assertThat(listen.get("/_hooks/api/stats").statusCode()).as("without the run's token").isEqualTo(403);
            String page = listen.inspector("/_hooks/app.js").body();
            assertThat(page).contains("API + \"/stats\"");
        }
    }

    @Test
    void hooksRetainIsTheDefaultAndTheFirstPruningIsAtStart() throws Exception {
        Path db = home.resolve("env.db");
        try (DeliveryStore store = DeliveryStore.open(db)) {
            for (int i = 0; i < 300; i++) {
                store.append(StoredDelivery.builder().receivedAt(Instant.now()).provider("paismo").method("POST")
                        .path("/webhook").eventId("evt_" + i).body(new byte[] {'{', '}'}).status(200).build());
            }
            store.save(StoredDelivery.builder().receivedAt(Instant.now()).method("GET").path("/x").status(404).build());
        }
        try (ListenRun listen = ListenRun.start(home, Map.of("HOOKS_RETAIN", "100"), "--store", db.toString());
             DeliveryStore store = DeliveryStore.open(db)) {
            assertThat(listen.banner()).contains("history " + db + " (keeping the newest 100)");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (store.count() > 100 && System.nanoTime() < deadline) {
                ListenRun.sleep(50);
            }
            List<StoredDelivery> left = store.list(Query.all().withOldestFirst(true));
            assertThat(left).as("pruned before any delivery arrived").hasSize(100);
            assertThat(left.get(0).eventId()).isEqualTo("evt_201");
            assertThat(left.get(99).status()).isEqualTo(404);
        }
        try (ListenRun listen = ListenRun.start(home, Map.of("HOOKS_RETAIN", "1"), "--store", db.toString(),
                "--retain", "all")) {
            assertThat(listen.banner()).contains("history " + db + ".").doesNotContain("keeping");
        }
    }

    @Test
    void theBannerSaysHowBigAHistoryKeptForeverIsPastOneGigabyte() throws Exception {
        Path db = home.resolve("big.db");
        DeliveryStore.open(db).close();
        try (ListenRun listen = ListenRun.start(home, "--store", db.toString())) {
            assertThat(listen.banner()).contains("history " + db + ".").doesNotContain("kept forever");
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(1_100_000_000L); // sparse: takes no room, and SQLite reads only the pages its header counts
        }
        try (ListenRun listen = ListenRun.start(home, "--store", db.toString())) {
            assertThat(listen.banner()).contains("history " + db + " (1.1 GB, kept forever: --retain or HOOKS_RETAIN "
                    + "keeps it smaller, 'hooks events prune' trims it now)");
        }
        try (ListenRun listen = ListenRun.start(home, "--store", db.toString(), "--retain", "7d")) {
            // The history's own line, not the whole banner: the inspector's random token may hold the letters GB.
            String history = listen.banner().lines().filter(l -> l.contains("history ")).findFirst().orElseThrow();
            assertThat(history).contains("history " + db + " (keeping the last 7d)").doesNotContain("GB");
        }
    }

    @Test
    void pruneTakesExactlyOneLimit() {
        Path db = home.resolve("none.db");
        DeliveryStore.open(db).close();
        for (String[] args : List.of(new String[] {"events", "prune", "--store", db.toString()},
                new String[] {"events", "prune", "--older-than", "1d", "--keep", "5", "--store", db.toString()})) {
            CliRun r = CliRun.run(home, Map.of(), new byte[0], args).exits(2);
            assertThat(r.err()).contains("pass one of --older-than DURATION or --keep N").hasLineCount(1);
        }
        assertThat(CliRun.run(home, Map.of(), new byte[0], "events", "prune", "--keep", "-1", "--store", db.toString())
                .exits(2).err()).contains("--keep takes 0 or more");
        assertThat(CliRun.run(home, Map.of(), new byte[0], "events", "prune", "--older-than", "soon", "--store",
                db.toString()).exits(2).err()).contains("--older-than takes a duration");
        assertThat(CliRun.run(home, Map.of(), new byte[0], "events", "stats", "--store", home.resolve("no.db").toString())
                .exits(2).err()).contains("no history at");
    }

    private static JsonNode tree(String line) {
        try {
            return ListenRun.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> m = new HashMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
