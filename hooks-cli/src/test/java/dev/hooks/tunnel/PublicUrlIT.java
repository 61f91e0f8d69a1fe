package dev.hooks.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ListenRun;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks listen --public-url URL}, for a tunnel the user runs: printed, signed over, and kept off the control plane. */
class PublicUrlIT {
    private static final String PUBLIC = "https://abc.tunnel-you-run.example/base";

    @TempDir
    Path home;

    @Test
    void thePublicUrlIsPrintedSignedOverAndItsEntryServesWebhooksOnly() throws Exception {
        SshTunnelIT.urlSigningProvider(home);
        try (ListenRun listen = ListenRun.start(home, Map.of("XDG_CONFIG_HOME", home.resolve(".config").toString()),
                "--provider", "urlsig", "--secret", "u-secret", "--no-store", "--public-url", PUBLIC + "/")) {
            JsonNode ready = listen.await("ready", null, null, 0);
            assertThat(ready.path("public_url").asText()).isEqualTo(PUBLIC + "/webhook");
            assertThat(ready.path("routes").path("/urlsig").path("public_url").asText()).isEqualTo(PUBLIC + "/urlsig");
            assertThat(listen.err()).contains("hooks: public URL " + PUBLIC + "/urlsig  (urlsig)");
            Matcher m = Pattern.compile("point your tunnel at http://127\\.0\\.0\\.1:(\\d+)").matcher(listen.err());
            assertThat(m.find()).as(listen.err()).isTrue();
            String entry = "http://127.0.0.1:" + m.group(1);

            byte[] body = "{\"event_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            // Through the entry, the provider signed the public URL it was given.
            String publicSig = SshTunnelIT.hmac("u-secret", PUBLIC + "/urlsig?t=1", body);
            assertThat(post(entry + "/urlsig?t=1", body, publicSig).statusCode()).isEqualTo(200);
            // On the listener's own port the URL is the one asked for, unless the request names the public host.
            assertThat(post("http://127.0.0.1:" + listen.port() + "/urlsig?t=1", body, publicSig).statusCode())
                    .isEqualTo(401);
            String localSig = SshTunnelIT.hmac("u-secret", "http://127.0.0.1:" + listen.port() + "/urlsig?t=1", body);
            assertThat(post("http://127.0.0.1:" + listen.port() + "/urlsig?t=1", body, localSig).statusCode())
                    .isEqualTo(200);

            // --no-store: there is no control plane at all, so its paths are unknown ones, on either port.
            HttpResponse<String> inspector = ListenRun.send(HttpRequest.newBuilder(URI.create(entry + "/_hooks/"))
                    .timeout(Duration.ofSeconds(20)).GET().build());
            assertThat(inspector.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theInspectorShowsThePublicUrl() throws Exception {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s", "--store",
                home.resolve("h.db").toString(), "--public-url", PUBLIC)) {
            JsonNode ready = listen.await("ready", null, null, 0);
            assertThat(ready.path("inspector_url").asText()).isEqualTo(listen.inspectorUrl());
            HttpResponse<String> info = listen.inspector("/_hooks/api/info");
            // The tunnel's entry never serves the control plane, not even with the run's token.
            Matcher m = Pattern.compile("point your tunnel at (http://127\\.0\\.0\\.1:\\d+)").matcher(listen.err());
            assertThat(m.find()).as(listen.err()).isTrue();
            HttpResponse<String> through = ListenRun.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/_hooks/api/info"))
                    .header("Authorization", "Bearer " + listen.token()).timeout(Duration.ofSeconds(20)).GET().build());
            assertThat(through.statusCode()).isEqualTo(403);
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(info.body()).path("public_url").asText())
                    .isEqualTo(PUBLIC);
        }
        try (java.io.InputStream js = PublicUrlIT.class.getResourceAsStream("/dev/hooks/inspector/app.js")) {
            assertThat(new String(js.readAllBytes(), StandardCharsets.UTF_8)).contains("state.info.public_url");
        }
    }

    @Test
    void publicPortKeepsTheTunnelEntryWhereTheTunnelPointsAcrossRestarts() throws Exception {
        int fixed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            fixed = free.getLocalPort();
        }
        for (int run = 0; run < 2; run++) {
            try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s", "--no-store",
                    "--public-url", PUBLIC, "--public-port", Integer.toString(fixed))) {
                JsonNode ready = listen.await("ready", null, null, 0);
                assertThat(ready.path("tunnel_entry").asText()).isEqualTo("http://127.0.0.1:" + fixed);
                assertThat(listen.err()).contains("point your tunnel at http://127.0.0.1:" + fixed + " ");
                byte[] body = "{\"event_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> through = ListenRun.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + fixed + "/paismo")).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
                assertThat(through.statusCode()).as("the entry answers: unsigned, so refused").isEqualTo(401);
            }
        }
    }

    @Test
    void theReadyLineNamesTheTunnelEntryOnlyWhenThereIsOne() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s", "--no-store",
                "--public-url", PUBLIC)) {
            assertThat(listen.await("ready", null, null, 0).path("tunnel_entry").asText())
                    .matches("http://127\\.0\\.0\\.1:\\d+");
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", "s", "--no-store")) {
            assertThat(listen.await("ready", null, null, 0).path("tunnel_entry").isNull()).isTrue();
        }
    }

    @Test
    void publicPortWithoutAPublicUrlOrTunnelIsExit2() {
        CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo", "--secret", "s",
                "--no-store", "--public-port", "8081");
        r.exits(2);
        assertThat(r.err()).contains("--public-port").contains("--public-url");
    }

    @Test
    void aTunnelPortThatIsTheSshServersOwnPortIsRefused() {
        CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo", "--secret", "s",
                "--no-store", "--tunnel", "ssh://me@127.0.0.1:2222", "--tunnel-port", "2222");
        r.exits(2);
        assertThat(r.err().strip()).isEqualTo("hooks: --tunnel-port 2222 is the SSH server's own port (sshd answers there, "
                + "not this listener): pick another, or leave it out to let the server choose");
        CliRun plain = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo",
                "--secret", "s", "--no-store", "--tunnel", "ssh://me@127.0.0.1", "--tunnel-port", "22");
        plain.exits(2);
        assertThat(plain.err()).contains("--tunnel-port 22 is the SSH server's own port");
    }

    @Test
    void aPublicUrlThatIsNotHttpIsExit2() {
        CliRun r = CliRun.run(home, Map.of(), new byte[0], "listen", "--port", "0", "--provider", "paismo", "--secret", "s",
                "--no-store", "--public-url", "ftp://x.example/");
        r.exits(2);
        assertThat(r.err()).contains("--public-url takes an http:// or https:// URL");
    }

    private static HttpResponse<String> post(String url, byte[] body, String sig) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("X-Url-Signature", sig);
        return ListenRun.send(b.build());
    }
}
