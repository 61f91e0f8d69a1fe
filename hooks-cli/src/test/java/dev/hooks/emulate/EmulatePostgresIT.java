package dev.hooks.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import dev.hooks.testing.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks emulate --store postgresql://...}: the emulator's state in the team's database, on a real server. */
class EmulatePostgresIT {
    @RegisterExtension
    static final PostgresServer.PerClass PG = new PostgresServer.PerClass();

    @TempDir
    Path home;

    @Test
    void keepsSubscriptionsEventsAndAttemptsInTheDatabaseBesideTheHistoryAndDeliversToARealListener() throws Exception {
        String url = PG.server().freshDatabase();
        String id;
        String eventId;
        try (EmulateRun emu = EmulateRun.startOn(home, url, PG.server().env(), "--provider", "paismo")) {
            HttpResponse<String> created = emu.call("POST", "/v1/webhooks", Map.of(
                    "url", "http://127.0.0.1:9/none", "event_types", List.of("employee.updated")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = EmulateRun.json(created).path("id").asText();
            String secret = EmulateRun.json(created).path("signing_secret").asText();
            assertThat(secret).isNotEmpty();
            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", secret, "--no-store")) {
                HttpResponse<String> moved = emu.call("PATCH", "/v1/webhooks/" + id,
                        Map.of("url", listen.url("/webhook").toString()));
                assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
                JsonNode verified = EmulateRun.json(emu.call("POST", "/v1/webhooks/" + id + "/verify", null));
                assertThat(verified.path("status").asText()).as("%s", verified).isEqualTo("active");

                JsonNode reached = EmulatePaismoIT.only(emu.emit(null, "employee.updated"));
                assertThat(reached.path("outcome").asText()).as("%s", reached).isEqualTo("delivered");
                List<JsonNode> got = EmulatePaismoIT.awaitDeliveries(listen, 1);
                assertThat(got).hasSize(1);
                assertThat(got.get(0).path("verified").asBoolean()).as("%s", got.get(0)).isTrue();
                assertThat(got.get(0).path("event_type").asText()).isEqualTo("employee.updated");

                JsonNode log = EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data");
                assertThat(log).hasSize(1);
                assertThat(log.get(0).path("status").asInt()).isEqualTo(200);
                assertThat(log.get(0).path("id").asText()).isEqualTo(reached.path("delivery_id").asText());
                eventId = log.get(0).path("event_id").asText();
                assertThat(got.get(0).path("event_id").asText()).isEqualTo(eventId);
            }
            emu.close();
            assertThat(emu.err()).contains("events 1, deliveries 1 (1 answered 2xx, 0 failed); history " + url)
                    .doesNotContain(PostgresServer.PASSWORD);
        }
        // The state outlives the emulator: a second one on the same database has the subscription (without its
        // secret, which is never stored) and its log.
        try (EmulateRun emu = EmulateRun.startOn(home, url, PG.server().env(), "--provider", "paismo")) {
            HttpResponse<String> found = emu.call("GET", "/v1/webhooks/" + id, null);
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            assertThat(EmulateRun.json(found).path("id").asText()).isEqualTo(id);
            JsonNode log = EmulateRun.json(emu.call("GET", "/v1/webhooks/" + id + "/deliveries", null)).path("data");
            assertThat(log).extracting(a -> a.path("event_id").asText()).containsExactly(eventId);
        }

        // The rows are in the database, beside the history's tables, and the secret is not.
        try (Connection c = PG.server().connect(PostgresServer.database(url)); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM emulator_subscriptions WHERE id = '" + id + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT event_id, status, outcome FROM emulator_attempts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(eventId);
                assertThat(rs.getInt(2)).isEqualTo(200);
                assertThat(rs.getString(3)).isEqualTo("delivered");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM emulator_events WHERE id = '" + eventId + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('deliveries') IS NOT NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @Test
    void aWrongPasswordGivesOneLineNamingTheDatabaseWithoutThePassword() throws Exception {
        String url = PG.server().freshDatabase();
        String wrong = "not-the-Pa55word";
        CliRun run = CliRun.run(home, Map.of("PGPASSWORD", wrong), new byte[0], "emulate", "--provider", "paismo",
                "--port", "0", "--store", url).exits(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(url).contains("password authentication failed")
                .doesNotContain(wrong).doesNotContain(PostgresServer.PASSWORD);

        String inUrl = url.replace("hooks@", "hooks:" + wrong + "@");
        CliRun given = CliRun.run(home, Map.of(), new byte[0], "emulate", "--provider", "paismo", "--port", "0",
                "--store", inUrl).exits(2);
        assertThat(given.err().strip().lines()).hasSize(1);
        assertThat(given.err()).contains(url).doesNotContain(wrong);
    }
}
