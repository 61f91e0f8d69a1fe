package dev.hooks.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import dev.hooks.testing.Requirements;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks listen --tunnel cloudflared} against a stand-in cloudflared on the PATH (the real quick tunnel needs
 * the internet): it prints what cloudflared prints and proxies to the listener's tunnel entry as the edge does.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class CloudflaredTunnelIT {
    private static final String SECRET = "cf-s3cret";

    @TempDir
    Path home;

    @TempDir
    Path bin;

    private Map<String, String> pathWithStandIn() throws Exception {
        Requirements.command("python3", "apt-get install python3");
        Path exe = bin.resolve("cloudflared");
        try (InputStream in = CloudflaredTunnelIT.class.getResourceAsStream("/tunnel/cloudflared")) {
            Files.copy(in, exe);
        }
        assertThat(exe.toFile().setExecutable(true)).isTrue();
        return Map.of("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    }

    private JsonNode state(int run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Path f = bin.resolve("state.json");
            if (Files.exists(f)) {
                JsonNode s = new ObjectMapper().readTree(f.toFile());
                if (s.path("run").asInt() == run) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the stand-in did not start run " + run);
    }

    @Test
    void withoutCloudflaredOnThePathItIsExit2WithHowToInstallIt() throws Exception {
        Path empty = Files.createDirectories(bin.resolve("empty"));
        CliRun r = CliRun.run(home, Map.of("PATH", empty.toString()), new byte[0], "listen", "--port", "0",
                "--provider", "paismo", "--secret", SECRET, "--no-store", "--tunnel", "cloudflared");
        r.exits(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("cloudflared is not on the PATH: install it").contains("brew install cloudflared");
    }

    @Test
    void theQuickTunnelsUrlIsPrintedAndCarriesWebhooksButNotTheControlPlaneAndStopsWithTheListener() throws Exception {
        Map<String, String> env = pathWithStandIn();
        String url1 = "https://stand-in-run-1-quiet-words.trycloudflare.com";
        ProcessHandle first;
        try (ListenRun listen = ListenRun.start(home, env, "--provider", "paismo", "--secret", SECRET,
                "--store", home.resolve("h.db").toString(), "--tunnel", "cloudflared")) {
            JsonNode ready = listen.await("ready", null, null, 0);
            assertThat(ready.path("type").asText()).isEqualTo("ready");
            assertThat(ready.path("public_url").asText()).isEqualTo(url1 + "/webhook");
            assertThat(listen.err()).contains("hooks: public URL " + url1 + "/paismo  (paismo)");
            JsonNode s = state(1);
            first = ProcessHandle.of(s.path("pid").asLong()).orElseThrow();
            String through = "http://127.0.0.1:" + s.path("port").asInt();

            byte[] body = "{\"id\":\"d1\",\"event_type\":\"employee.created\",\"event_id\":\"evt_cf\",\"data\":{}}"
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = post(URI.create(through + "/webhook"), body,
                    Map.of("X-Paismo-Signature", SshTunnelIT.hmac(SECRET, "", body), "Content-Type", "application/json"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode line = listen.line(ListenRun.idOf(r));
            assertThat(line.path("type").asText()).isEqualTo("delivery");
            assertThat(line.path("verified").asBoolean()).isTrue();

            HttpResponse<String> api = ListenRun.send(HttpRequest.newBuilder(URI.create(through + "/_hooks/api/deliveries"))
                    .header("Authorization", "Bearer " + listen.token()).timeout(Duration.ofSeconds(20)).GET().build());
            assertThat(api.statusCode()).isEqualTo(403);

            // cloudflared ends on its own: the tunnel is down, then up again with the new run's URL.
            first.destroyForcibly();
            JsonNode down = listen.await("tunnel", "state", "down", 0);
            assertThat(down.path("reason").asText()).contains("cloudflared exited");
            JsonNode up = listen.await("tunnel", "state", "up", 0);
            assertThat(up.path("public_url").asText()).isEqualTo("https://stand-in-run-2-quiet-words.trycloudflare.com/webhook");
            ProcessHandle second = ProcessHandle.of(state(2).path("pid").asLong()).orElseThrow();
            assertThat(listen.stop()).isZero();
            assertThat(second.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    private static HttpResponse<String> post(URI uri, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return ListenRun.send(b.build());
    }
}
