package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What listen records, and how 'hooks events list|show|export' read it back. */
class ListenStoreIT {
    @TempDir
    Path home;

    @Test
    void onlyAcceptedDeliveriesCountForDuplicates() {
        Map<String, String> noKey = Map.of("Content-Type", "application/json");
        Map<String, String> wrongKey = Map.of("X-API-Key", "guess", "Content-Type", "application/json");
        Map<String, String> keyed = Map.of("X-API-Key", "k3y", "Content-Type", "application/json");
        for (String store : List.of("--store=" + home.resolve("dup.db"), "--no-store")) {
            try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--api-key", "k3y", store)) {
                // one request at a time, each line read before the next request: the lines are in request order
                List<Map<String, String>> requests = List.of(noKey, wrongKey, keyed, keyed, noKey);
                List<Integer> statuses = new ArrayList<>();
                List<Boolean> duplicates = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    statuses.add(listen.post("/webhook", ListenPaxosIT.EVENT, requests.get(i)).statusCode());
                    duplicates.add(listen.last(i + 1).get("duplicate").asBoolean());
                }

                assertThat(statuses).as(store).containsExactly(401, 401, 200, 200, 401);
                assertThat(duplicates).as(store + ": refused requests never make the genuine delivery a duplicate")
                        .containsExactly(false, false, false, true, true);
            }
        }
    }

    @Test
    void everyRequestIsRecordedWithItsRawBytesAndEventsReadsThemBack() throws Exception {
        byte[] valid = "{\"event_type\":\"employee.created\",\"event_id\":\"evt_s1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Map<String, String> h = new Signed().add("paismo", "s3cret", valid, null).run().get(0);
        String id;
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s3cret")) {
            HttpResponse<String> ok = listen.post("/webhook", valid, Map.of("X-Paismo-Signature", h.get("X-Paismo-Signature"),
                    "Content-Type", "application/json"));
            assertThat(ok.statusCode()).isEqualTo(200);
            id = ListenRun.idOf(ok);
            assertThat(listen.post("/webhook", notUtf8, Map.of("X-Paismo-Signature", "ab")).statusCode()).isEqualTo(401);
            assertThat(listen.get("/elsewhere").statusCode()).isEqualTo(404);
            listen.awaitLines(3);
            assertThat(listen.stop()).isZero();
            assertThat(listen.err()).contains("received 3, verified 1, rejected 2, forwarded 0");
        }
        Path db = home.resolve(".local/state/hooks/history.db");
        assertThat(db).exists();
        try (DeliveryStore store = DeliveryStore.open(db)) {
            List<StoredDelivery> all = store.list(Query.all().withOldestFirst(true));
            assertThat(all).hasSize(3);
            assertThat(all.get(0).id()).isEqualTo(id);
            assertThat(all.get(0).body()).isEqualTo(valid);
            assertThat(all.get(0).verified()).isTrue();
            assertThat(all.get(0).header("X-Paismo-Signature")).isEqualTo(h.get("X-Paismo-Signature"));
            assertThat(all.get(1).body()).isEqualTo(notUtf8);
            assertThat(all.get(1).verified()).isFalse();
            assertThat(all.get(1).status()).isEqualTo(401);
            assertThat(all.get(2).status()).isEqualTo(404);
        }
        assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");

        CliRun list = CliRun.run(home, null, "events", "list", "--format", "json").succeeds();
        List<JsonNode> rows = new ArrayList<>();
        for (String l : list.out().split("\n")) {
            rows.add(ListenRun.JSON.readTree(l));
        }
        assertThat(rows).extracting(n -> n.get("status").asInt()).containsExactly(404, 401, 200);
        for (String field : List.of("id", "received_at", "provider", "event_type", "event_id", "verified", "reason", "status")) {
            assertThat(rows.get(2).has(field)).as(field).isTrue();
        }
        assertThat(rows.get(2).get("event_type").asText()).isEqualTo("employee.created");
        CliRun text = CliRun.run(home, null, "events", "list", "--invalid").succeeds();
        assertThat(text.out().strip().split("\n")).hasSize(2); // the header row and the one invalid request
        assertThat(text.out()).contains("invalid").contains("401");

        // The end of an id is random: its last characters name it (its start is the time it was made).
        CliRun show = CliRun.run(home, null, "events", "show", id.substring(id.length() - 6), "--format", "json")
                .succeeds();
        JsonNode shown = ListenRun.JSON.readTree(show.out());
        assertThat(shown.get("body").asText()).isEqualTo(new String(valid, StandardCharsets.UTF_8));
        assertThat(shown.get("verification").get("valid").asBoolean()).isTrue();
        CliRun.run(home, null, "events", "show", id).succeeds();
        CliRun.run(home, null, "events", "show", "d_nosuchid").exits(2);

        CliRun export = CliRun.run(home, null, "events", "export", "--format", "jsonl").succeeds();
        String[] lines = export.out().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode second = ListenRun.JSON.readTree(lines[1]);
        assertThat(Base64.getDecoder().decode(second.get("body_base64").asText())).isEqualTo(notUtf8);
        assertThat(ListenRun.JSON.readTree(lines[0]).get("id").asText()).isEqualTo(id);
    }

    @Test
    void noStoreWritesNothingAndAnExplicitStoreIsUsed() {
        Path custom = home.resolve("custom/history.db");
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--no-store")) {
            assertThat(listen.post("/webhook", "{}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(200);
            assertThat(listen.awaitLines(1).get(0).get("stored").asBoolean()).isFalse();
        }
        assertThat(home.resolve(".local/state/hooks/history.db")).doesNotExist();
        try (ListenRun listen = ListenRun.start(home, "--provider", "paxos", "--store", custom.toString())) {
            assertThat(listen.post("/webhook", "{}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(200);
            listen.awaitLines(1);
        }
        CliRun.run(home, null, "events", "list", "--store", custom.toString(), "--format", "json").succeeds();
        assertThat(CliRun.run(home, null, "events", "list", "--store", custom.toString(), "--format", "json").out().strip().split("\n"))
                .hasSize(1);
        CliRun.run(home, null, "events", "list").exits(2);
    }

    @Test
    void listenRefusesBadFlagsWithExit2() {
        assertThat(CliRun.run(home, null, "listen", "--provider", "paismo", "--port", "0").exits(2).err())
                .contains("needs a secret");
        assertThat(CliRun.run(home, null, "listen", "--provider", "nope", "--port", "0").exits(2).err())
                .contains("unknown provider");
        assertThat(CliRun.run(home, null, "listen", "--provider", "paxos", "--max-body", "lots", "--port", "0").exits(2).err())
                .contains("--max-body");
        assertThat(CliRun.run(home, null, "listen", "--provider", "paxos", "--fail-rate", "2", "--port", "0").exits(2).err())
                .contains("--fail-rate");
        // Without --to a replay goes where the delivery first went; with no history there is nothing to find.
        assertThat(CliRun.run(home, null, "events", "replay", "x").exits(2).err()).contains("no history at");
        assertThat(CliRun.run(home, null, "send", "employee.created", "-p", "paismo", "--secret", "s").exits(2).err())
                .contains("missing --to URL");
    }
}
