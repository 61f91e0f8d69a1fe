package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.testing.NetworkNamespace;
import dev.hooks.testing.Requirements;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks listen --host 0.0.0.0} attacked from another machine: a network namespace joined by a veth pair,
 * where src/test/resources/hostile/other_machine.py runs. The control plane refuses it whatever it carries (the
 * token, a loopback Host, a foreign one); the receiving plane answers it; 64 slow clients on every kind of path are
 * cut at --idle-timeout while a signed delivery is still answered and the inspector still loads from this machine.
 */
class OtherMachineIT {
    static final String SECRET = "whsec_other-machine";
    static final int IDLE_SECONDS = 3;

    @TempDir
    Path home;

    @Test
    void anotherMachineReachesOnlyTheReceivingPlaneAndCannotStarveTheListener() throws Exception {
        Requirements.command("python3", "apt-get install python3");
        Path script = home.resolve("other_machine.py");
        try (InputStream in = OtherMachineIT.class.getResourceAsStream("/hostile/other_machine.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (NetworkNamespace other = NetworkNamespace.create();
                ListenRun listen = ListenRun.start(home, "--host", "0.0.0.0", "--provider", "stripe", "--secret",
                        SECRET, "--idle-timeout", IDLE_SECONDS + "s", "--store", home.resolve("h.db").toString())) {
            // A process on this machine that holds the token sends replay bodies a byte at a time as well.
            List<Socket> local = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", listen.port());
                s.getOutputStream().write(("POST /_hooks/api/deliveries/d_x/replay HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + listen.token() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                local.add(s);
            }
            long localStart = System.nanoTime();

            Process attack = other.start(List.of("python3", script.toString(), other.hostAddress(),
                    Integer.toString(listen.port()), listen.token(), SECRET, Integer.toString(IDLE_SECONDS)));
            List<JsonNode> probes = new ArrayList<>();
            List<JsonNode> slow = new ArrayList<>();
            HttpResponse<String> pageWhileSlow = null;
            long pageMillis = -1;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(attack.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    JsonNode n = ListenRun.JSON.readTree(line);
                    if (n.isTextual() && n.asText().equals("READY")) {
                        long t = System.nanoTime();
                        pageWhileSlow = listen.inspector("/_hooks/");
                        pageMillis = (System.nanoTime() - t) / 1_000_000;
                        for (Socket s : local) {
                            s.getOutputStream().write('"'); // still trickling
                        }
                    } else if (n.has("probe")) {
                        probes.add(n);
                    } else {
                        slow.add(n);
                    }
                }
            }
            assertThat(attack.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(attack.exitValue()).as("the attacking script failed").isZero();

            // The control plane, from another machine: 403 whatever the request carries.
            for (String name : List.of("inspector page, no token", "inspector page, the token",
                    "api, the token, loopback Host", "api, the token, foreign Host", "api, a wrong token",
                    "event stream, the token", "export, the token", "replay, the token")) {
                JsonNode p = probe(probes, name);
                assertThat(p.path("status").asInt()).as(name).isEqualTo(403);
                assertThat(p.path("reason").asText()).as(name).isEqualTo(
                        "the inspector answers only on this machine (loopback clients)");
            }
            // The receiving plane faces the world.
            assertThat(probe(probes, "signed delivery").path("status").asInt()).isEqualTo(200);
            assertThat(probe(probes, "unknown path").path("status").asInt()).isEqualTo(404);

            // While 64 slow clients held their connections: a signed delivery answered, the inspector loaded.
            JsonNode during = probe(probes, "signed delivery while 64 slow clients are open");
            assertThat(during.path("status").asInt()).isEqualTo(200);
            assertThat(during.path("seconds").asDouble()).as("answered within a second (with a margin)").isLessThan(2.0);
            assertThat(pageWhileSlow).isNotNull();
            assertThat(pageWhileSlow.statusCode()).isEqualTo(200);
            assertThat(pageMillis).as("the inspector loaded within a second (with a margin)").isLessThan(2000);

            // Each slow client was cut at --idle-timeout (with a second or two of grace), with the answer described.
            assertThat(slow).hasSize(64);
            for (JsonNode s : slow) {
                String kind = s.path("slow").asText();
                double seconds = s.path("seconds").asDouble();
                Integer status = s.path("status").isNull() ? null : s.path("status").asInt();
                switch (kind) {
                    case "headers" -> {
                        assertThat(status).as(kind).isIn(null, 408);
                        assertThat(seconds).as(kind).isBetween(IDLE_SECONDS - 0.5, IDLE_SECONDS + 3.0);
                    }
                    case "chunked body, webhook path" -> {
                        assertThat(status).as(kind).isEqualTo(408);
                        assertThat(s.path("reason").asText()).startsWith("body not received within 3s");
                        assertThat(seconds).as(kind).isBetween(IDLE_SECONDS - 0.5, IDLE_SECONDS + 3.0);
                    }
                    case "body, unknown path" -> {
                        assertThat(status).as(kind).isEqualTo(404);
                        assertThat(seconds).as(kind).isBetween(IDLE_SECONDS - 0.5, IDLE_SECONDS + 3.0);
                    }
                    case "body, replay path" -> {
                        assertThat(status).as(kind).isEqualTo(403); // refused before its body is read
                        assertThat(seconds).as(kind).isLessThan(IDLE_SECONDS);
                    }
                    default -> throw new AssertionError("unexpected " + s);
                }
            }
            for (Socket s : local) {
                s.setSoTimeout((IDLE_SECONDS + 5) * 1000);
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as("a local slow replay body is answered once cut").startsWith("HTTP/1.1 ");
                s.close();
            }
            assertThat((System.nanoTime() - localStart) / 1e9).isLessThan(IDLE_SECONDS + 20.0);

            // And afterwards the listener serves both planes as before.
            assertThat(probe(probes, "signed delivery afterwards").path("status").asInt()).isEqualTo(200);
            HttpResponse<String> list = listen.inspector("/_hooks/api/deliveries");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("evt_other_machine");
        }
    }

    static JsonNode probe(List<JsonNode> probes, String name) {
        return probes.stream().filter(p -> p.path("probe").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no probe '" + name + "' in " + probes));
    }
}
