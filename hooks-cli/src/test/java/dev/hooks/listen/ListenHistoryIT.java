package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.Requirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2xx means on disk even when the history is taken away while listening: deleted, replaced or made unwritable,
 * the listener answers 503 naming why, prints it, does not count the delivery as stored, and keeps serving. A
 * corrupted history is refused at start with one line naming the file, and the inspector never answers a bare 500.
 */
class ListenHistoryIT {
    static final String SECRET = "s3cret";

    @TempDir
    Path home;

    ListenRun listen(Path db) {
        return ListenRun.start(home, "--provider", "paismo", "--secret", SECRET, "--store", db.toString());
    }

    static HttpResponse<String> deliver(ListenRun listen, String id) {
        byte[] body = ListenBoundsIT.delivery(id);
        return listen.post("/webhook", body, ListenBoundsIT.signed(body));
    }

    /** Takes the history away with {@code how}, then checks the listener refuses, says so, and goes on serving. */
    void refusesOnceTakenAway(String expected, TakeAway how) throws Exception {
        Path db = home.resolve("h.db");
        try (ListenRun listen = listen(db)) {
            assertThat(deliver(listen, "evt_before").statusCode()).isEqualTo(200);
            how.apply(db);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = deliver(listen, "evt_lost_" + i);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.body()).contains("cannot record the delivery").contains(expected);
            }
            List<JsonNode> lines = listen.awaitLines(4);
            assertThat(lines.get(3).path("stored").asBoolean()).isFalse();
            assertThat(lines.get(3).path("store_error").asText()).contains(expected);
            HttpResponse<String> info = listen.inspector("/_hooks/api/info");
            assertThat(info.headers().firstValue("Content-Type").orElse("")).contains("json");
            assertThat(listen.stop()).isZero();
            assertThat(listen.err()).contains("received 4").contains("stored 1 in");
        }
    }

    interface TakeAway {
        void apply(Path db) throws Exception;
    }

    @Test
    void deletedHistoryIsA503AndNothingCountsAsStored() throws Exception {
        refusesOnceTakenAway("deleted", db -> {
            Files.delete(db);
            Files.deleteIfExists(db.resolveSibling("h.db-wal"));
            Files.deleteIfExists(db.resolveSibling("h.db-shm"));
        });
    }

    @Test
    void replacedHistoryIsA503() throws Exception {
        refusesOnceTakenAway("replaced", db -> {
            Path other = db.resolveSibling("other.db");
            DeliveryStore.open(other).close();
            Files.move(other, db, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    @Test
    void unwritableHistoryIsA503() throws Exception {
        Path probe = home.resolve("probe");
        Files.writeString(probe, "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r--r--r--"));
        boolean byMode = !Files.isWritable(probe);
        if (!byMode) { // root: only the immutable attribute stops it
            Requirements.command("chattr", "apt-get install e2fsprogs");
            Requirements.require(chattr("+i", probe) && !Files.isWritable(probe), "chattr +i on the test's directory");
            chattr("-i", probe);
        }
        try {
            refusesOnceTakenAway("no longer writable", db -> {
                if (byMode) {
                    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
                } else {
                    assertThat(chattr("+i", db)).isTrue();
                }
            });
        } finally {
            if (!byMode) {
                chattr("-i", home.resolve("h.db"));
            }
        }
    }

    @Test
    void aHistoryDamagedWhileListeningIsA503WithTheReasonInTheInspectorNotABare500() throws Exception {
        Path db = home.resolve("h.db");
        try (ListenRun listen = listen(db)) {
            for (int i = 0; i < 50; i++) {
                assertThat(deliver(listen, "evt_" + i).statusCode()).isEqualTo(200);
            }
            listen.awaitLines(50);
            assertThat(listen.inspector("/_hooks/api/deliveries").statusCode()).isEqualTo(200);
            try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
                byte[] garbage = new byte[(int) f.length()];
                ThreadLocalRandom.current().nextBytes(garbage);
                f.seek(100);
                f.write(garbage, 0, garbage.length - 100);
            }
            Files.deleteIfExists(db.resolveSibling("h.db-wal"));
            HttpResponse<String> list = listen.inspector("/_hooks/api/deliveries?limit=500");
            // Whether the reader notices depends on what it has cached; either way the answer is JSON, never a bare 500.
            assertThat(list.headers().firstValue("Content-Type").orElse("")).contains("json");
            assertThat(list.statusCode()).isIn(200, 503);
            if (list.statusCode() == 503) {
                assertThat(ListenRun.JSON.readTree(list.body()).path("error").asText()).contains(db.toString());
            }
            HttpResponse<String> lost = deliver(listen, "evt_damaged");
            assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
            assertThat(lost.body()).contains("write-ahead log h.db-wal was deleted");
            assertThat(listen.stop()).isZero();
        }
    }

    static boolean chattr(String flag, Path file) {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aCorruptedHistoryIsRefusedAtStartWithOneLineNamingIt() throws Exception {
        Path db = home.resolve("h.db");
        try (DeliveryStore store = DeliveryStore.open(db)) {
            for (int i = 0; i < 200; i++) {
                byte[] body = new byte[2000];
                ThreadLocalRandom.current().nextBytes(body);
                store.save(StoredDelivery.builder().receivedAt(Instant.now()).kind(StoredDelivery.DELIVERY).method("POST")
                        .path("/webhook").headers(List.of()).body(body).status(200).build());
            }
        }
        assertThat(Files.size(db)).isGreaterThan(100_000);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096 * 8];
            ThreadLocalRandom.current().nextBytes(garbage);
            f.seek(4096 * 2);
            f.write(garbage);
        }
        Path junk = home.resolve("junk.db");
        Files.writeString(junk, "this is not a database at all, just some text long enough to be read as a header "
                .repeat(10), StandardCharsets.UTF_8);
        for (Path bad : List.of(db, junk)) {
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.run(home, Map.of(), new byte[0],
                    "listen", "--port", "0", "--provider", "paismo", "--secret", SECRET, "--store", bad.toString()));
            run.exits(2);
            assertThat(run.err().strip().lines().toList()).hasSize(1);
            assertThat(run.err()).contains(bad.toString()).doesNotContain("Exception");
            CliRun list = CliRun.run(home, null, "events", "list", "--store", bad.toString());
            list.exits(2);
            assertThat(list.err()).contains(bad.toString());
        }
    }
}
