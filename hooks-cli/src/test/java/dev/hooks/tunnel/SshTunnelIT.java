package dev.hooks.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import dev.hooks.testing.Sshd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks listen --tunnel ssh://...} against a real OpenSSH sshd on loopback: the server's forwarded port carries
 * the receiving plane (signed deliveries, handshakes) and never the control plane; a killed session comes back by
 * itself; a tunnel that cannot be opened is exit 3 with its reason.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SshTunnelIT {
    private static final String SECRET = "tunnel-s3cret";
    private static final String ANNOUNCED = "https://hooks-test.tunnel.example";

    @TempDir
    Path home;

    @TempDir
    Path server;

    private Path clientKey() throws Exception {
        return Sshd.keygen(home.resolve(".ssh/id_ed25519"));
    }

    private void trust(Sshd sshd) throws Exception {
        Files.writeString(home.resolve(".ssh/known_hosts"), sshd.knownHostsLine() + "\n");
    }

    @Test
    void deliveriesComeThroughTheForwardedPortTheControlPlaneDoesNotAndADroppedSessionComesBack() throws Exception {
        Path key = clientKey();
        // Like an SSH tunnel service, the server names the public URL on the session's standard error.
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"),
                "ForceCommand echo 'Forwarding HTTP traffic from " + ANNOUNCED + "' >&2; exec cat")) {
            trust(sshd);
            urlSigningProvider(home);
            int remote = Sshd.freePort();
            Path db = home.resolve("history.db");
            try (ListenRun listen = ListenRun.start(home, Map.of("XDG_CONFIG_HOME", home.resolve(".config").toString()),
                    "--provider", "paismo", "--provider", "urlsig", "--secret", "paismo=" + SECRET, "--secret",
                    "urlsig=u-secret", "--store", db.toString(), "--tunnel", sshd.url(), "--tunnel-port", "" + remote)) {
                JsonNode ready = listen.await("ready", null, null, 0);
                assertThat(ready.path("type").asText()).isEqualTo("ready");
                assertThat(ready.path("public_url").asText()).isEqualTo(ANNOUNCED + "/webhook");
                assertThat(ready.path("url").asText()).isEqualTo("http://127.0.0.1:" + listen.port() + "/webhook");
                assertThat(ready.path("routes").path("/paismo").path("public_url").asText()).isEqualTo(ANNOUNCED + "/paismo");
                assertThat(listen.err()).contains("hooks: public URL " + ANNOUNCED + "/paismo  (paismo)")
                        .contains("hooks: public URL " + ANNOUNCED + "/urlsig  (urlsig)")
                        .contains("server: Forwarding HTTP traffic from " + ANNOUNCED);

                String through = "http://127.0.0.1:" + remote;
                // A signed delivery, verified and recorded.
                String id = delivery(through, "evt_through_1");
                JsonNode line = listen.line(id);
                assertThat(line.path("type").asText()).isEqualTo("delivery");
                assertThat(line.path("verified").asBoolean()).isTrue();
                assertThat(line.path("stored").asBoolean()).isTrue();
                // A handshake, answered.
                HttpResponse<String> hs = post(URI.create(through + "/paismo"), "{\"challenge\":\"v_tok_tunnel\"}",
                        Map.of("X-Paismo-Verification", "handshake", "Content-Type", "application/json"));
                assertThat(hs.statusCode()).isEqualTo(200);
                assertThat(hs.body()).isEqualTo("{\"challenge\":\"v_tok_tunnel\"}");
                // A scheme that signs the URL signs the public one: that is the URL the provider was given.
                byte[] body = "{\"event_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> signedUrl = post(URI.create(through + "/urlsig?a=1"), new String(body, StandardCharsets.UTF_8),
                        Map.of("X-Url-Signature", hmac("u-secret", ANNOUNCED + "/urlsig?a=1", body)));
                assertThat(signedUrl.statusCode()).as(signedUrl.body()).isEqualTo(200);
                // The control plane answers 403 through the tunnel, whatever the page, even with the run's token.
                for (String page : List.of("/_hooks/", "/_hooks/api/info", "/_hooks/api/deliveries",
                        "/_hooks/api/deliveries/" + id, "/_hooks/api/export", "/_hooks/api/stream")) {
                    HttpResponse<String> r = ListenRun.send(HttpRequest.newBuilder(URI.create(through + page))
                            .header("Authorization", "Bearer " + listen.token())
                            .timeout(Duration.ofSeconds(20)).GET().build());
                    assertThat(r.statusCode()).as(page).isEqualTo(403);
                    assertThat(r.body()).as(page).contains("not served through the tunnel");
                }
                HttpResponse<String> replay = post(URI.create(through + "/_hooks/api/deliveries/" + id + "/replay"),
                        "{\"to\":\"http://127.0.0.1:1/\"}",
                        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + listen.token()));
                assertThat(replay.statusCode()).isEqualTo(403);

                // The session dies: the listener says the tunnel is down, and makes it again by itself.
                assertThat(sshd.killSessions()).isPositive();
                JsonNode down = listen.await("tunnel", "state", "down", 0);
                assertThat(down.path("reason").asText()).isNotEmpty();
                JsonNode up = listen.await("tunnel", "state", "up", 0);
                assertThat(up.path("public_url").asText()).isEqualTo(ANNOUNCED + "/webhook");
                assertThat(listen.err()).contains("hooks: tunnel down: ").contains("hooks: tunnel up: public URL");
                String again = delivery(through, "evt_through_2");
                assertThat(listen.line(again).path("verified").asBoolean()).isTrue();
                assertThat(listen.stop()).isZero();
            }
            try (DeliveryStore store = DeliveryStore.open(db)) {
                List<StoredDelivery> all = store.list(Query.all().withOldestFirst(true));
                assertThat(all).extracting(StoredDelivery::eventId).contains("evt_through_1", "evt_through_2");
                assertThat(all).extracting(StoredDelivery::path).noneMatch(p -> p.startsWith("/_hooks"));
            }
        }
    }

    @Test
    void theServerChoosesThePortAndAnUnknownHostIsAcceptedOnlyWhenAsked() throws Exception {
        Path key = clientKey();
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"))) {
            CliRun refused = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                    "--secret", SECRET, "--no-store", "--tunnel", sshd.url());
            refused.exits(3);
            assertThat(refused.err()).contains("unknown host key for 127.0.0.1").contains("SHA256:")
                    .contains("--tunnel-accept-new").doesNotContain("Exception");
            assertThat(refused.err().lines().count()).isEqualTo(1);

            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", SECRET, "--no-store",
                    "--tunnel", sshd.url(), "--tunnel-accept-new")) {
                assertThat(listen.err()).containsPattern("accepted the new host key of 127\\.0\\.0\\.1: ssh-ed25519 SHA256:");
                String publicUrl = listen.await("ready", null, null, 0).path("public_url").asText();
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/webhook").matcher(publicUrl);
                assertThat(m.matches()).as(publicUrl).isTrue();
                assertThat(Integer.parseInt(m.group(1))).isNotEqualTo(listen.port());
                String id = delivery("http://127.0.0.1:" + m.group(1), "evt_chosen_port");
                assertThat(listen.line(id).path("verified").asBoolean()).isTrue();
            }
            assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).contains("ssh-ed25519");
        }
    }

    @Test
    void aKeyHeldByTheSshAgentOpensTheTunnel() throws Exception {
        dev.hooks.testing.Requirements.command("ssh-agent", "apt-get install openssh-client");
        dev.hooks.testing.Requirements.command("ssh-add", "apt-get install openssh-client");
        // The key lives only in the agent: nothing under ~/.ssh but known_hosts.
        Path key = Sshd.keygen(server.resolve("agent-key/id_ed25519"));
        Path socket = server.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(server.resolve("agent.log").toFile()).start();
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"))) {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            assertThat(adding.waitFor()).as(new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            Files.createDirectories(home.resolve(".ssh"));
            trust(sshd);
            try (ListenRun listen = ListenRun.start(home, Map.of("SSH_AUTH_SOCK", socket.toString()), "--provider",
                    "paismo", "--secret", SECRET, "--no-store", "--tunnel", sshd.url())) {
                String publicUrl = listen.await("ready", null, null, 0).path("public_url").asText();
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/webhook").matcher(publicUrl);
                assertThat(m.matches()).as(publicUrl).isTrue();
                assertThat(listen.line(delivery("http://127.0.0.1:" + m.group(1), "evt_agent")).path("verified").asBoolean())
                        .isTrue();
            }
        } finally {
            agent.destroy();
        }
    }

    @Test
    void aChangedHostKeyIsExit3EvenWithAcceptNew() throws Exception {
        Path key = clientKey();
        Path other = Sshd.keygen(server.resolve("other-host"));
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"))) {
            String[] pub = Files.readString(Path.of(other + ".pub")).trim().split("\\s+");
            Files.writeString(home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1] + "\n");
            CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                    "--secret", SECRET, "--no-store", "--tunnel", sshd.url(), "--tunnel-accept-new");
            r.exits(3);
            assertThat(r.err()).contains("host key mismatch for 127.0.0.1").doesNotContain("Exception");
        }
    }

    @Test
    void aWrongKeyIsExit3NamingTheRefusal() throws Exception {
        Path authorized = Sshd.keygen(server.resolve("someone-else"));
        clientKey();
        try (Sshd sshd = Sshd.start(server, Path.of(authorized + ".pub"))) {
            trust(sshd);
            CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                    "--secret", SECRET, "--no-store", "--tunnel", sshd.url());
            r.exits(3);
            assertThat(r.err()).contains("the server refused authentication as " + System.getProperty("user.name"))
                    .contains("id_ed25519").doesNotContain("Exception");
        }
    }

    @Test
    void forwardingRefusedByTheServerIsExit3() throws Exception {
        Path key = clientKey();
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"), "AllowTcpForwarding local")) {
            trust(sshd);
            CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                    "--secret", SECRET, "--no-store", "--tunnel", sshd.url());
            r.exits(3);
            assertThat(r.err()).contains("the server refused remote forwarding").doesNotContain("Exception");
        }
    }

    @Test
    void aTakenRemotePortIsExit3() throws Exception {
        Path key = clientKey();
        try (Sshd sshd = Sshd.start(server, Path.of(key + ".pub"));
                java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                java.net.ServerSocket taken6 = new java.net.ServerSocket()) {
            trust(sshd);
            // The forward binds "localhost", both families where there are two: take the port on each.
            try {
                taken6.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), taken.getLocalPort()));
            } catch (java.io.IOException noIpv6) {
                // only IPv4 here
            }
            CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                    "--secret", SECRET, "--no-store", "--tunnel", sshd.url(), "--tunnel-port", "" + taken.getLocalPort());
            r.exits(3);
            assertThat(r.err()).contains("refused remote forwarding of port " + taken.getLocalPort())
                    .contains("the port is taken");
        }
    }

    private static String delivery(String base, String eventId) throws Exception {
        byte[] body = ("{\"id\":\"d_" + eventId + "\",\"event_type\":\"employee.created\",\"event_id\":\"" + eventId
                + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        String sig = hmac(SECRET, "", body);
        HttpResponse<String> r = post(URI.create(base + "/paismo"), new String(body, StandardCharsets.UTF_8),
                Map.of("X-Paismo-Signature", sig, "X-Paismo-Event-Id", eventId, "Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ListenRun.idOf(r);
    }

    private static HttpResponse<String> post(URI uri, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return ListenRun.send(b.build());
    }

    /** A provider "urlsig" in {@code home}'s config that signs the URL and the body, as some providers do. */
    static void urlSigningProvider(Path home) throws java.io.IOException {
        Path providers = Files.createDirectories(home.resolve(".config/hooks/providers"));
        Files.writeString(providers.resolve("urlsig.json"), """
                {"name": "urlsig", "detect": ["X-Url-Signature"],
                 "signature": {"algorithm": "hmac-sha256", "key": "utf8", "signed": "{url}{body}",
                               "header": "X-Url-Signature", "value": "{hex}"}}
                """);
    }

    static String hmac(String secret, String prefix, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(prefix.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
