package dev.hooks.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A row whose append completed survives kill -9 of the writing process, and the file it leaves opens. */
class DurabilityTest {
    private static final Pattern LINE = Pattern.compile("ok (d_[0-9a-z]{16})");
    private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void acknowledgedAppendsSurviveKill9() throws Exception {
        Path file = dir.resolve("history.db");
        Path stderr = dir.resolve("child.err");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, KilledAppender.class.getName(), file.toString(), "12")
                .redirectError(stderr.toFile())
                .start();

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = LINE.matcher(line);
                    if (m.matches()) {
                        acknowledged.add(m.group(1));
                        enough.countDown();
                    }
                }
            } catch (Exception e) {
                // The pipe closes when the child dies; what was read is what counts.
            }
        });
        reader.start();

        boolean burstReached = enough.await(15, TimeUnit.SECONDS);
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
        int exit = child.waitFor();
        reader.join(5_000);

        assertThat(burstReached)
                .as("the child acknowledged %d appends; its stderr: %s", acknowledged.size(), Files.readString(stderr))
                .isTrue();
        assertThat(exit).as("killed, not finished").isEqualTo(137);
        assertThat(dir.resolve("history.db-wal")).as("the killed writer left its WAL behind").exists();

        List<String> ids;
        synchronized (acknowledged) {
            ids = List.copyOf(acknowledged);
        }
        try (DeliveryStore store = DeliveryStore.open(file)) {
            assertThat(store.count()).isGreaterThanOrEqualTo(ids.size());
            List<String> missing = ids.stream().filter(id -> store.find(id).isEmpty()).toList();
            assertThat(missing).as("acknowledged but lost").isEmpty();
            StoredDelivery after = store.save(StoredDelivery.builder().receivedAt(Instant.now()).status(200).build());
            assertThat(after.seq()).isGreaterThan(store.list(Query.all().withLimit(2)).get(1).seq());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
