package dev.hooks.store;

import dev.hooks.HooksException;
import dev.hooks.store.StoredDelivery.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryStoreTest {
    @TempDir
    Path dir;

    static StoredDelivery.Builder delivery(String provider, String eventType, String eventId) {
        return StoredDelivery.builder()
                .receivedAt(Instant.parse("2025-03-01T10:15:30.123456789Z"))
                .provider(provider)
                .method("POST")
                .path("/webhook")
                .header("Content-Type", "application/json")
                .body(("{\"event_type\":\"" + eventType + "\"}").getBytes(StandardCharsets.UTF_8))
                .eventType(eventType)
                .eventId(eventId)
                .status(200);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, (byte) 0x28, '}'}; // not valid UTF-8
        StoredDelivery full = StoredDelivery.builder()
                .id("d_0123456789ab")
                .receivedAt(Instant.parse("2025-03-01T10:15:30.123456789Z"))
                .kind(StoredDelivery.REPLAY)
                .provider("teal")
                .method("PUT")
                .path("/hooks/teal")
                .query("a=1&a=2&b=%20")
                .header("X-Teal-Signature", "abc")
                .header("Set-Thing", "one")
                .header("set-thing", "two, with comma")
                .header("X-Empty", "")
                .header("X-Unicode", "h\u00e9 \u2603 \"quoted\" \\ [\"not json\"]")
                .body(body)
                .eventType("user-payroll-submitted")
                .eventId("evt_1")
                .verified(false)
                .reason("signature mismatch")
                .verification("{\"steps\":[{\"name\":\"hmac\",\"ok\":false}]}")
                .decrypted(new byte[] {1, 2, 3, (byte) 0x80})
                .duplicate(true)
                .status(401)
                .responseHeader("Content-Type", "text/plain")
                .responseHeader("X-Reason", "sig")
                .responseBody("bad signature\n".getBytes(StandardCharsets.UTF_8))
                .forwardedTo("http://127.0.0.1:8080/in")
                .forwardStatus(502)
                .forwardError("connection refused")
                .latencyMicros(1234)
                .replayOf("d_zzzzzzzzzzzz")
                .build();
        StoredDelivery sparse = StoredDelivery.builder()
                .receivedAt(Instant.ofEpochSecond(1_700_000_000))
                .kind(StoredDelivery.HANDSHAKE)
                .method("GET")
                .path("/")
                .build();
        StoredDelivery emptyDecrypted = sparse.toBuilder().decrypted(new byte[0]).verified(true).build();

        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            StoredDelivery a = store.save(full);
            StoredDelivery b = store.save(sparse);
            StoredDelivery c = store.save(emptyDecrypted);

            assertThat(a).isEqualTo(full.toBuilder().seq(a.seq()).build());
            assertThat(b.id()).matches("d_[0-9a-hjkmnp-tv-z]{16}");
            assertThat(b).isEqualTo(sparse.toBuilder().seq(b.seq()).id(b.id()).build());
            assertThat(b.verified()).isNull();
            assertThat(b.decrypted()).isNull();
            assertThat(b.query()).isNull();
            assertThat(b.body()).isEmpty();
            assertThat(c.decrypted()).isEmpty();
            assertThat(List.of(a.seq(), b.seq(), c.seq())).isSorted().doesNotHaveDuplicates();

            assertThat(store.find(a.id())).contains(a);
            assertThat(store.find(b.id())).contains(b);
            assertThat(store.find(c.id())).contains(c);
        }
        try (DeliveryStore reopened = DeliveryStore.open(dir.resolve("history.db"))) {
            StoredDelivery a = reopened.find("d_0123456789ab").orElseThrow();
            assertThat(a.body()).containsExactly(body);
            assertThat(a.headers()).extracting(Header::name)
                    .containsExactly("X-Teal-Signature", "Set-Thing", "set-thing", "X-Empty", "X-Unicode");
            assertThat(a).isEqualTo(full.toBuilder().seq(a.seq()).build());
            assertThat(reopened.count()).isEqualTo(3);
        }
    }

    @Test
    void concurrentAppendsShareCommits() throws Exception {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CyclicBarrier start = new CyclicBarrier(16);
            List<Future<List<CompletableFuture<StoredDelivery>>>> perThread = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                perThread.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<StoredDelivery>> mine = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        mine.add(store.append(delivery("paismo", "employee.created", "e" + thread + "-" + i).build()));
                    }
                    return mine;
                }));
            }
            List<StoredDelivery> saved = new ArrayList<>();
            for (Future<List<CompletableFuture<StoredDelivery>>> f : perThread) {
                for (CompletableFuture<StoredDelivery> cf : f.get(10, TimeUnit.SECONDS)) {
                    saved.add(cf.get(10, TimeUnit.SECONDS));
                }
            }
            pool.shutdown();

            assertThat(saved).hasSize(64);
            assertThat(saved).extracting(StoredDelivery::id).doesNotHaveDuplicates();
            assertThat(saved).extracting(StoredDelivery::seq).doesNotHaveDuplicates();
            assertThat(store.count()).isEqualTo(64);
            assertThat(store.list(Query.all())).hasSize(64);
            assertThat(store.commitCount()).isLessThan(64).isPositive();
        }
    }

    @Test
    void everyRoundOfCompletionsRunsInsideTheScopeGivenAndNullRestoresTheDefault() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("history.db"))) {
            ThreadLocal<Boolean> inScope = ThreadLocal.withInitial(() -> false);
            List<Boolean> completedInScope = new CopyOnWriteArrayList<>();
            List<Integer> roundSizes = new CopyOnWriteArrayList<>();
            store.completeRoundsWithin(round -> {
                int before = completedInScope.size();
                inScope.set(true);
                try {
                    round.run();
                } finally {
                    inScope.set(false);
                }
                roundSizes.add(completedInScope.size() - before); // the round's stages have all run by now
            });
            // No round ends before every stage is attached: a stage attached to a completed future would run at
            // once on this thread, outside any round.
            CountDownLatch attached = new CountDownLatch(1);
            store.beforeSync = () -> awaitQuietly(attached);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(store.append(delivery("paismo", "employee.created", "r" + i).build())
                        .thenRun(() -> completedInScope.add(inScope.get())));
            }
            attached.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // The last round counts its completions just after they run: give the sync thread that moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (roundSizes.stream().mapToInt(Integer::intValue).sum() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(completedInScope).hasSize(40).containsOnly(true);
            assertThat(roundSizes).isNotEmpty().allSatisfy(n -> assertThat(n).isPositive());
            assertThat(roundSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);

            store.completeRoundsWithin(null);
            int rounds = roundSizes.size();
            store.append(delivery("paismo", "employee.created", "after").build())
                    .thenRun(() -> completedInScope.add(inScope.get())).get(10, TimeUnit.SECONDS);
            assertThat(roundSizes).hasSize(rounds);
            assertThat(completedInScope).hasSize(41).last().isEqualTo(false);
        }
    }

    @Test
    void whileTheSyncThreadIsBusyTheWriterGathersRowsIntoOneCommit() throws Exception {
        Path file = dir.resolve("history.db");
        try (SqliteStore store = SqliteStore.open(file); DeliveryStore other = DeliveryStore.open(file)) {
            store.gatherLimitNanos = TimeUnit.SECONDS.toNanos(30); // only the round's end or a full gather ends a wait
            CountDownLatch inRound = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            store.beforeSync = () -> { // holds the first round open until released
                if (first.compareAndSet(true, false)) {
                    inRound.countDown();
                    awaitQuietly(release);
                }
            };
            CompletableFuture<StoredDelivery> held = store.append(delivery("paismo", "employee.created", "first").build());
            try {
                assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();
                gatherWhileTheRoundIsOpen(store, other, release, held);
            } finally {
                release.countDown(); // also when an assertion failed, so that closing does not wait on the round
            }
        }
    }

    private void gatherWhileTheRoundIsOpen(DeliveryStore store, DeliveryStore other, CountDownLatch release,
                                           CompletableFuture<StoredDelivery> first) throws Exception {
        long commits = store.commitCount();
        List<CompletableFuture<StoredDelivery>> gathered = new ArrayList<>();
        gathered.add(store.append(delivery("paismo", "employee.updated", "g0").build()));
        Thread.sleep(300);
        assertThat(other.count()).as("one row is held back while the round goes on").isEqualTo(1);
        assertThat(store.commitCount()).isEqualTo(commits);

        for (int i = 1; i < GroupCommitStore.GATHER; i++) {
            gathered.add(store.append(delivery("paismo", "employee.updated", "g" + i).build()));
        }
        // The writer counts a commit after SQLite has made it: once the count moves, the rows are visible.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.commitCount() == commits && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(other.count()).as("a full gather is committed before the round ends").isEqualTo(1 + GroupCommitStore.GATHER);
        assertThat(store.commitCount()).isEqualTo(commits + 1);
        assertThat(gathered).noneMatch(CompletableFuture::isDone); // committed, not yet synced: not acknowledged

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<StoredDelivery> f : gathered) {
            assertThat(f.get(10, TimeUnit.SECONDS).seq()).isPositive();
        }
        // Idle again: a lone row is committed at once.
        store.append(delivery("paismo", "employee.updated", "alone").build()).get(10, TimeUnit.SECONDS);
        assertThat(store.commitCount()).isEqualTo(commits + 2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void completionMeansCommittedAndVisibleToAnotherConnection() throws Exception {
        Path file = dir.resolve("history.db");
        try (DeliveryStore store = DeliveryStore.open(file); DeliveryStore other = DeliveryStore.open(file)) {
            StoredDelivery d = store.append(delivery("paismo", "payroll.created", "p1").build()).join();
            assertThat(other.find(d.id())).contains(d);
            assertThat(other.seenEventId("paismo", "p1")).isTrue();
        }
    }

    @Test
    void filtersAndPages() {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            List<StoredDelivery> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                StoredDelivery.Builder b = delivery(i % 2 == 0 ? "paismo" : "teal",
                        i % 3 == 0 ? "employee.created" : "employee.updated", "e" + i);
                b.verified(i % 5 == 0 ? null : i % 2 == 0);
                if (i == 9) {
                    b.kind(StoredDelivery.HANDSHAKE);
                }
                all.add(store.save(b.build()));
            }
            List<StoredDelivery> newestFirst = new ArrayList<>(all);
            Collections.reverse(newestFirst);

            assertThat(store.list(Query.all())).containsExactlyElementsOf(newestFirst);
            assertThat(store.list(Query.all().withOldestFirst(true))).containsExactlyElementsOf(all);
            assertThat(store.list(Query.all().withProvider("teal")))
                    .extracting(StoredDelivery::eventId).containsExactly("e9", "e7", "e5", "e3", "e1");
            assertThat(store.list(Query.all().withEventType("employee.created")))
                    .extracting(StoredDelivery::eventId).containsExactly("e9", "e6", "e3", "e0");
            assertThat(store.list(Query.all().withKind(StoredDelivery.HANDSHAKE)))
                    .extracting(StoredDelivery::eventId).containsExactly("e9");
            assertThat(store.list(Query.all().withVerified(Query.Verified.UNSIGNED)))
                    .extracting(StoredDelivery::eventId).containsExactly("e5", "e0");
            assertThat(store.list(Query.all().withVerified(Query.Verified.VALID)))
                    .extracting(StoredDelivery::eventId).containsExactly("e8", "e6", "e4", "e2");
            assertThat(store.list(Query.all().withVerified(Query.Verified.INVALID).withProvider("teal")))
                    .extracting(StoredDelivery::eventId).containsExactly("e9", "e7", "e3", "e1");

            List<StoredDelivery> page1 = store.list(Query.all().withLimit(4));
            List<StoredDelivery> page2 = store.list(Query.all().withLimit(4).withBeforeSeq(page1.get(3).seq()));
            List<StoredDelivery> page3 = store.list(Query.all().withLimit(4).withBeforeSeq(page2.get(3).seq()));
            assertThat(page1).containsExactlyElementsOf(newestFirst.subList(0, 4));
            assertThat(page2).containsExactlyElementsOf(newestFirst.subList(4, 8));
            assertThat(page3).containsExactlyElementsOf(newestFirst.subList(8, 10));

            long seen = all.get(6).seq();
            assertThat(store.list(Query.all().withAfterSeq(seen)))
                    .containsExactlyElementsOf(newestFirst.subList(0, 3));
            assertThat(store.list(Query.all().withAfterSeq(newestFirst.get(0).seq()))).isEmpty();
            assertThat(store.list(Query.all().withAfterSeq(all.get(2).seq()).withBeforeSeq(all.get(5).seq())))
                    .containsExactly(all.get(4), all.get(3));
        }
    }

    @Test
    void findsByIdPrefixOrSeq() {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            StoredDelivery a = store.save(delivery("paismo", "x", null).id("d_abc111111111").build());
            StoredDelivery b = store.save(delivery("paismo", "x", null).id("d_abc222222222").build());
            StoredDelivery c = store.save(delivery("paismo", "x", null).id("d_xyz333333333").build());

            assertThat(store.find("d_abc111111111")).contains(a);
            assertThat(store.find("d_abc2")).contains(b);
            assertThat(store.find(" d_x ")).contains(c);
            assertThat(store.find(Long.toString(b.seq()))).contains(b);
            assertThat(store.find("d_q")).isEmpty();
            assertThat(store.find("z333333333")).as("a unique end of an id").contains(c);
            assertThat(store.find("2")).as("an end of one id only").contains(b);
            assertThat(store.find("999999")).isEmpty();
            assertThat(store.find("")).isEmpty();
            assertThatThrownBy(() -> store.find("d_abc"))
                    .isInstanceOf(HooksException.class)
                    .hasMessageContaining("d_abc111111111")
                    .hasMessageContaining("d_abc222222222")
                    .satisfies(e -> assertThat(((HooksException) e).exitCode()).isEqualTo(HooksException.USAGE));
            StoredDelivery d = store.save(delivery("paismo", "x", null).id("d_qqq333333333").build());
            assertThat(store.find("q333333333")).contains(d);
            assertThatThrownBy(() -> store.find("333333333"))
                    .isInstanceOf(HooksException.class)
                    .hasMessageContaining("is the end of more than one delivery id")
                    .hasMessageContaining(c.id())
                    .hasMessageContaining(d.id());
        }
    }

    @Test
    void marksDuplicatesByProviderAndEventId() {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            assertThat(store.seenEventId("paismo", "e1")).isFalse();
            StoredDelivery first = store.save(delivery("paismo", "employee.created", "e1").build());
            assertThat(first.duplicate()).isFalse();
            assertThat(store.seenEventId("paismo", "e1")).isTrue();
            assertThat(store.seenEventId("teal", "e1")).isFalse();
            assertThat(store.seenEventId(null, "e1")).isFalse();
            assertThat(store.seenEventId("paismo", null)).isFalse();

            assertThat(store.save(delivery("paismo", "employee.created", "e1").build()).duplicate()).isTrue();
            assertThat(store.save(delivery("teal", "employee.created", "e1").build()).duplicate()).isFalse();
            assertThat(store.save(delivery(null, "employee.created", "e1").build()).duplicate()).isFalse();
            assertThat(store.save(delivery(null, "employee.created", "e1").build()).duplicate()).isTrue();
            assertThat(store.seenEventId(null, "e1")).isTrue();

            // Two deliveries of one event in one batch: exactly the later one is a duplicate.
            CompletableFuture<StoredDelivery> x = store.append(delivery("paxos", "t", "e2").build());
            CompletableFuture<StoredDelivery> y = store.append(delivery("paxos", "t", "e2").build());
            assertThat(List.of(x.join().duplicate(), y.join().duplicate())).containsExactly(false, true);
        }
    }

    @Test
    void subscribersHearAfterCommit() throws Exception {
        Path file = dir.resolve("history.db");
        try (DeliveryStore store = DeliveryStore.open(file); DeliveryStore reader = DeliveryStore.open(file)) {
            LinkedBlockingQueue<StoredDelivery> heard = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Boolean> visibleElsewhere = new LinkedBlockingQueue<>();
            DeliveryStore.Subscription sub = store.subscribe(d -> {
                heard.add(d);
                visibleElsewhere.add(reader.find(d.id()).isPresent());
            });
            store.subscribe(d -> {
                throw new IllegalStateException("a broken listener does not stop the others");
            });

            StoredDelivery one = store.save(delivery("paismo", "a", "1").build());
            StoredDelivery two = store.save(delivery("paismo", "b", "2").build());
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(one);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(two);
            assertThat(visibleElsewhere.poll(5, TimeUnit.SECONDS)).isTrue();
            assertThat(visibleElsewhere.poll(5, TimeUnit.SECONDS)).isTrue();

            StoredDelivery updated = store.update(two.toBuilder().forwardStatus(204).build()).join();
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(updated);

            sub.close();
            store.save(delivery("paismo", "c", "3").build());
            CountDownLatch flushed = new CountDownLatch(1);
            store.subscribe(d -> flushed.countDown());
            store.save(delivery("paismo", "d", "4").build());
            assertThat(flushed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void updateReplacesFactsLearnedLater() {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            StoredDelivery d = delivery("paismo", "employee.created", "e1").id(StoredDelivery.newId())
                    .forwardedTo("http://127.0.0.1:9/x").build();
            CompletableFuture<StoredDelivery> appended = store.append(d);
            // Queued right behind its append, without waiting: writes apply in order.
            CompletableFuture<StoredDelivery> updated = store.update(d.toBuilder().forwardError("refused").build());
            assertThat(updated.join().seq()).isEqualTo(appended.join().seq());
            assertThat(store.find(d.id()).orElseThrow().forwardError()).isEqualTo("refused");
            assertThat(store.count()).isEqualTo(1);

            assertThatThrownBy(() -> store.update(d.toBuilder().id("d_nothere00000").build()).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(HooksException.class)
                    .hasMessageContaining("no delivery has id d_nothere00000");
        }
    }

    @Test
    void aTakenIdFailsOnlyItsOwnAppend() {
        try (DeliveryStore store = DeliveryStore.open(dir.resolve("history.db"))) {
            store.save(delivery("paismo", "a", null).id("d_same00000000").build());
            CompletableFuture<StoredDelivery> before = store.append(delivery("paismo", "b", null).build());
            CompletableFuture<StoredDelivery> clash = store.append(delivery("paismo", "c", null).id("d_same00000000").build());
            CompletableFuture<StoredDelivery> after = store.append(delivery("paismo", "d", null).build());

            assertThatThrownBy(clash::join).hasCauseInstanceOf(HooksException.class)
                    .hasMessageContaining("d_same00000000 is already stored");
            assertThat(before.join().eventType()).isEqualTo("b");
            assertThat(after.join().eventType()).isEqualTo("d");
            assertThat(store.count()).isEqualTo(3);
        }
    }

    @Test
    void aFailedWriteFailsItsBatchWithAHooksExceptionAndTheWriterCarriesOn() throws Exception {
        Path file = dir.resolve("history.db");
        try (DeliveryStore store = DeliveryStore.open(file)) {
            store.save(delivery("paismo", "a", "1").build());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement st = c.createStatement()) {
                st.execute("ALTER TABLE deliveries RENAME TO gone");
                assertThatThrownBy(() -> store.append(delivery("paismo", "b", "2").build()).join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(HooksException.class)
                        .hasMessageContaining("cannot save to history " + file)
                        .hasMessageContaining("no such table");
                st.execute("ALTER TABLE gone RENAME TO deliveries");
            }
            assertThat(store.save(delivery("paismo", "c", "3").build()).eventType()).isEqualTo("c");
            assertThat(store.list(Query.all())).extracting(StoredDelivery::eventType).containsExactly("c", "a");
        }
    }

    @Test
    void closingFromACompletionStageNeitherDeadlocksNorLosesWhatIsQueued() throws Exception {
        Path file = dir.resolve("history.db");
        DeliveryStore store = DeliveryStore.open(file);
        CompletableFuture<String> closedOn = new CompletableFuture<>();
        List<CompletableFuture<StoredDelivery>> more = new CopyOnWriteArrayList<>();
        // A dependent stage runs on the thread that completes the future, which close() must not wait for. Another
        // connection holds the write lock until the stage is attached, so the store's own thread completes it.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            CompletableFuture<StoredDelivery> first = store.append(delivery("paismo", "a", "first").build());
            first.thenAccept(d -> {
                for (int i = 0; i < 20; i++) {
                    more.add(store.append(delivery("paismo", "a", "more" + i).build()));
                }
                store.close();
                closedOn.complete(Thread.currentThread().getName() + " " + more.size());
            });
            Thread.sleep(50);
            assertThat(first).isNotDone();
            st.execute("ROLLBACK");
        }
        assertThat(closedOn.get(20, TimeUnit.SECONDS)).startsWith("hooks-store-").endsWith(" 20");
        // close() returned at once on the store's thread; the rows queued before it are still saved, and then
        // their futures complete.
        for (CompletableFuture<StoredDelivery> f : more) {
            assertThat(f.get(20, TimeUnit.SECONDS).seq()).isPositive();
        }
        assertThatThrownBy(() -> store.save(delivery("paismo", "a", "late").build()))
                .isInstanceOf(HooksException.class).hasMessageContaining("closed");
        try (DeliveryStore reopened = DeliveryStore.open(file)) {
            assertThat(reopened.count()).isEqualTo(21);
        }
    }

    @Test
    void closeSavesWhatIsQueuedAndIsIdempotent() {
        Path file = dir.resolve("history.db");
        DeliveryStore store = DeliveryStore.open(file);
        List<CompletableFuture<StoredDelivery>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(store.append(delivery("paismo", "a", "e" + i).build()));
        }
        store.close();
        store.close();
        assertThat(pending).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        assertThatThrownBy(() -> store.save(delivery("paismo", "a", "late").build()))
                .isInstanceOf(HooksException.class).hasMessageContaining("closed");
        try (DeliveryStore reopened = DeliveryStore.open(file)) {
            assertThat(reopened.count()).isEqualTo(200);
        }
    }

    @Test
    void createsParentsPrivatelyInWalMode() throws Exception {
        Path file = dir.resolve("state/hooks/history.db");
        try (DeliveryStore store = DeliveryStore.open(file)) {
            store.save(delivery("paismo", "a", "1").build());
            assertThat(store.file()).contains(file.toAbsolutePath());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            assertThat(st.executeQuery("PRAGMA journal_mode").getString(1)).isEqualTo("wal");
            assertThat(st.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(DeliveryTable.SCHEMA_VERSION);
        }
    }

    @Test
    void refusesFilesThatAreNotAHistory() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a database, just some text that is long enough to have a header");
        assertThatThrownBy(() -> DeliveryStore.open(text))
                .isInstanceOf(HooksException.class).hasMessageContaining("cannot open history");

        Path foreign = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (x TEXT)");
        }
        assertThatThrownBy(() -> DeliveryStore.open(foreign))
                .isInstanceOf(HooksException.class).hasMessageContaining("something else");

        Path newer = dir.resolve("newer.db");
        DeliveryStore.open(newer).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> DeliveryStore.open(newer))
                .isInstanceOf(HooksException.class).hasMessageContaining("newer hooks (schema 99");

        assertThatThrownBy(() -> DeliveryStore.open(dir))
                .isInstanceOf(HooksException.class).hasMessageContaining("is a directory");
    }

    @Test
    void defaultPathFollowsXdg() {
        assertThat(DeliveryStore.defaultPath(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")))
                .isEqualTo(Path.of("/s/hooks/history.db"));
        assertThat(DeliveryStore.defaultPath(Map.of("HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/hooks/history.db"));
        assertThat(DeliveryStore.defaultPath(Map.of("XDG_STATE_HOME", "", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/hooks/history.db"));
        assertThat(DeliveryStore.defaultPath(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/hooks/history.db"));
        assertThatThrownBy(() -> DeliveryStore.defaultPath(Map.of()))
                .isInstanceOf(HooksException.class).hasMessageContaining("--store");
    }

    @Test
    void defaultPathUnderATempHomeOpens() {
        Path file = DeliveryStore.defaultPath(Map.of("HOME", dir.toString()));
        try (DeliveryStore store = DeliveryStore.open(file)) {
            store.save(delivery("paismo", "a", "1").build());
        }
        assertThat(dir.resolve(".local/state/hooks/history.db")).isRegularFile();
    }

    @Test
    void theWalStaysSmallUnderAStreamOfWritesAndFoldsIntoTheFileOnClose() throws Exception {
        Path file = dir.resolve("stream.db");
        Path wal = dir.resolve("stream.db-wal");
        byte[] body = new byte[2048];
        java.util.Arrays.fill(body, (byte) 'x');
        long largestWal = 0;
        try (DeliveryStore store = DeliveryStore.open(file)) {
            // Always some writes in flight, as under a burst of deliveries: the WAL must still start over.
            List<CompletableFuture<StoredDelivery>> window = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                window.add(store.append(delivery("paismo", "a", "evt_" + i).body(body).build()));
                if (window.size() == 64) {
                    window.remove(0).join();
                }
                if (i % 500 == 0 && Files.exists(wal)) {
                    largestWal = Math.max(largestWal, Files.size(wal));
                }
            }
            window.forEach(CompletableFuture::join);
            assertThat(store.count()).isEqualTo(12_000);
        }
        // 12,000 rows of over 2 KiB are some 30 MB of pages; the WAL starts over every 1000 pages (4 MiB).
        assertThat(largestWal).isGreaterThan(0).isLessThan(12L * 1024 * 1024);
        assertThat(wal).doesNotExist();
        try (DeliveryStore again = DeliveryStore.open(file)) {
            assertThat(again.count()).isEqualTo(12_000);
        }
    }
}
