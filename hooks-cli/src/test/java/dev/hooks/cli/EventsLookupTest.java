package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events list} shows what {@code events show} and {@code replay} take; they also take the provider's event id. */
class EventsLookupTest {
    @TempDir
    Path home;
    Path db;
    StoredDelivery first;
    StoredDelivery second;

    @BeforeEach
    void record() {
        db = home.resolve("history.db");
        try (DeliveryStore store = DeliveryStore.open(db)) {
            first = store.save(delivery("evt_first_1"));
            second = store.save(delivery("evt_second_2"));
        }
    }

    private static StoredDelivery delivery(String eventId) {
        return StoredDelivery.builder().id(StoredDelivery.newId()).receivedAt(Instant.now()).provider("paismo")
                .eventType("employee.updated").eventId(eventId).verified(true).status(200)
                .body("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void listHasAHeaderRowAndAnIdColumnThatShowTakes() {
        List<String> lines = CliRun.run(home, null, "events", "list", "--store", db.toString()).succeeds().out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("PROVIDER", "EVENT", "EVENT ID", "LATENCY");
        // An SQLite file records no listener names: no LISTENER column, the time right after the id.
        assertThat(lines.get(0)).doesNotContain("LISTENER").matches("ID +TIME .*");
        assertThat(CliRun.run(home, null, "events", "list", "--store", db.toString(), "--format", "json").succeeds()
                .out()).doesNotContain("\"listener\"");
        assertThat(CliRun.run(home, null, "events", "show", second.id(), "--store", db.toString()).succeeds().out())
                .doesNotContain("listener");
        String shortId = lines.get(1).substring(0, lines.get(1).indexOf(' '));
        assertThat(second.id()).endsWith(shortId);
        assertThat(lines.get(1).indexOf("paismo")).isEqualTo(lines.get(0).indexOf("PROVIDER"));
        assertThat(lines.get(1).indexOf("employee.updated")).isEqualTo(lines.get(0).indexOf("EVENT"));
        assertThat(CliRun.run(home, null, "events", "show", shortId, "--store", db.toString()).succeeds().out())
                .contains(second.id());
    }

    @Test
    void showAndReplayTakeTheProvidersEventId() {
        assertThat(CliRun.run(home, null, "events", "show", "evt_first_1", "--store", db.toString()).succeeds().out())
                .contains(first.id());
        CliRun replay = CliRun.run(home, null, "events", "replay", "evt_second_2", "--store", db.toString(),
                "--to", "http://127.0.0.1:9/nothing-listens");
        assertThat(replay.err()).doesNotContain("no recorded request");
        assertThat(replay.exitCode()).isEqualTo(3);
    }

    @Test
    void anUnknownIdSaysWhatIsTaken() {
        CliRun run = CliRun.run(home, null, "events", "show", "evt_nope", "--store", db.toString()).exits(2);
        assertThat(run.err()).contains("no recorded request 'evt_nope'", "event id");
    }
}
