package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.store.DeliveryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's gate, from this machine: the token the printed URL carries (then kept in an HttpOnly,
 * SameSite=Strict cookie), the Host header, other origins and sites, the tunnel's connector, {@code --no-inspector}
 * and {@code --allow-host}. Requests from other machines are in {@link OtherMachineIT}.
 */
public class ControlPlaneIT {
    @TempDir
    Path home;

    /** A raw HTTP/1.1 exchange on 127.0.0.1:{@code port}: the whole answer, as text. */
    public static String raw(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    public static String get(int port, String path, String host, String... headers) {
        StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        return raw(port, r.append("\r\n").toString());
    }

    public static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Test
    void theTokenOfThePrintedUrlOpensTheInspectorAndNothingElseDoes() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_x", "--store",
                home.resolve("h.db").toString())) {
            int port = listen.port();
            String url = listen.inspectorUrl();
            assertThat(url).startsWith("http://127.0.0.1:" + port + "/_hooks/?token=");
            String token = listen.token();
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);
            String local = "127.0.0.1:" + port;

            // Without the token, or with another, every control-plane path is refused with a one-line reason.
            for (String path : List.of("/_hooks/", "/_hooks/api/deliveries", "/_hooks/api/stream", "/_hooks/api/export",
                    "/_hooks/api/info", "/_hooks/app.js", "/_hooks/nothing-here")) {
                String none = get(port, path, local);
                assertThat(status(none)).as(path).isEqualTo(403);
                assertThat(none).contains("no inspector token: open the inspector URL hooks listen printed");
                String wrong = get(port, path + "?token=" + token.substring(1) + "x", local);
                assertThat(status(wrong)).as(path).isEqualTo(403);
                assertThat(wrong).contains("wrong inspector token");
            }
            String replay = raw(port, "POST /_hooks/api/deliveries/d_x/replay HTTP/1.1\r\nHost: " + local
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(status(replay)).isEqualTo(403);
            // Percent-encoding the path does not walk around the gate.
            assertThat(get(port, "/%5Fhooks/api/deliveries", local)).doesNotContain("\"deliveries\"");

            // The printed URL opens the page and leaves the token in a cookie only the browser's own requests carry.
            String page = get(port, "/_hooks/?token=" + token, local);
            assertThat(status(page)).isEqualTo(200);
            String cookie = page.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11)).findFirst()
                    .orElseThrow(() -> new AssertionError("no cookie set:\n" + page));
            assertThat(cookie).contains("hooks_inspector_" + port + "=" + token).containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict").contains("Path=/_hooks");
            String cookieValue = cookie.substring(cookie.indexOf(':') + 1).split(";")[0].strip();
            assertThat(status(get(port, "/_hooks/api/deliveries", local, "Cookie: " + cookieValue))).isEqualTo(200);
            assertThat(status(get(port, "/_hooks/api/deliveries", "localhost:" + port, "Cookie: " + cookieValue)))
                    .isEqualTo(200);
            assertThat(listen.inspector("/_hooks/api/info").statusCode()).isEqualTo(200); // Authorization: Bearer

            // A name that is not this machine's (DNS rebinding), another origin or site: refused even with the token.
            String foreign = get(port, "/_hooks/api/deliveries", "evil.example:" + port, "Cookie: " + cookieValue);
            assertThat(status(foreign)).isEqualTo(403);
            assertThat(foreign).contains("Host 'evil.example' is not this machine");
            assertThat(status(get(port, "/_hooks/api/deliveries", local, "Cookie: " + cookieValue,
                    "Origin: http://127.0.0.1:1"))).isEqualTo(403);
            assertThat(status(get(port, "/_hooks/api/deliveries", local, "Cookie: " + cookieValue,
                    "Sec-Fetch-Site: same-site"))).isEqualTo(403);
            assertThat(status(get(port, "/_hooks/api/deliveries", local, "Cookie: " + cookieValue,
                    "Sec-Fetch-Site: same-origin", "Origin: http://" + local))).isEqualTo(200);

            // The receiving plane needs none of it.
            HttpResponse<String> hook = listen.post("/webhook", "{}".getBytes(StandardCharsets.UTF_8),
                    java.util.Map.of("Content-Type", "application/json"));
            assertThat(hook.statusCode()).isNotEqualTo(403); // unsigned: refused by the signature check, not the gate
            assertThat(hook.body()).contains("Stripe-Signature").doesNotContain("inspector");
        }
    }

    @Test
    void allowHostAddsANameAndNoInspectorServesNone() {
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_x", "--store",
                home.resolve("h.db").toString(), "--allow-host", "hooks.test")) {
            String answer = get(listen.port(), "/_hooks/api/info", "hooks.test:" + listen.port(),
                    "Authorization: Bearer " + listen.token());
            assertThat(status(answer)).isEqualTo(200);
            assertThat(status(get(listen.port(), "/_hooks/api/info", "other.test", "Authorization: Bearer "
                    + listen.token()))).isEqualTo(403);
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_x", "--store",
                home.resolve("h.db").toString(), "--no-inspector")) {
            assertThat(listen.banner()).doesNotContain("inspector on");
            assertThat(listen.get("/_hooks/").statusCode()).isEqualTo(404);
            assertThat(listen.get("/_hooks/api/deliveries").body()).doesNotContain("\"deliveries\"");
        }
    }

    @Test
    void everyInterfaceWarnsOnceAndPrintsALoopbackInspectorUrl() {
        try (ListenRun listen = ListenRun.start(home, "--host", "0.0.0.0", "--provider", "stripe", "--secret",
                "whsec_x", "--store", home.resolve("h.db").toString())) {
            List<String> warnings = listen.banner().lines().filter(l -> l.contains("warning")).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("--host 0.0.0.0 exposes /webhook").contains("to other machines")
                    .contains("the inspector and its API stay on this machine");
            assertThat(listen.inspectorUrl()).startsWith("http://127.0.0.1:" + listen.port() + "/_hooks/?token=");
            assertThat(status(get(listen.port(), "/_hooks/api/info", "127.0.0.1", "Authorization: Bearer "
                    + listen.token()))).isEqualTo(200);
        }
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_x", "--store",
                home.resolve("h.db").toString())) {
            assertThat(listen.banner()).doesNotContain("warning");
        }
    }

    @Test
    void theTunnelsConnectorNeverServesTheControlPlane() throws Exception {
        ProviderCatalog catalog = new ProviderCatalog(List.of());
        Endpoint stripe = new Endpoint(catalog.get("stripe"), null, null, Endpoint.Auth.NONE);
        try (DeliveryStore store = DeliveryStore.open(home.resolve("t.db"))) {
            ListenerSettings settings = new ListenerSettings("127.0.0.1", 0, "/webhook", List.of(stripe), List.of(),
                    false, null, true, 1024 * 1024, ListenerSettings.DEFAULT_MAX_HEADER_BYTES, Duration.ofSeconds(5),
                    null, null, null, null, store, null, 0);
            try (Listener listener = new Listener(settings).connector(ControlPlane.TUNNEL).start()) {
                String token = listener.inspectorUrl().replaceFirst(".*token=", "");
                int own = listener.port();
                int tunnel = listener.port(ControlPlane.TUNNEL);
                assertThat(tunnel).isNotEqualTo(own);
                // From loopback, with the token and a loopback Host: served on the listener's own connector only.
                String auth = "Authorization: Bearer " + token;
                assertThat(status(get(own, "/_hooks/api/info", "127.0.0.1:" + own, auth))).isEqualTo(200);
                String through = get(tunnel, "/_hooks/api/info", "127.0.0.1:" + tunnel, auth);
                assertThat(status(through)).isEqualTo(403);
                assertThat(through).contains("not served through the tunnel");
                assertThat(status(get(tunnel, "/_hooks/?token=" + token, "localhost", auth))).isEqualTo(403);
                // The webhook paths answer on the tunnel as anywhere.
                String hook = raw(tunnel, "POST /webhook HTTP/1.1\r\nHost: x.example\r\nContent-Type: application/json"
                        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                assertThat(status(hook)).isEqualTo(200);
            }
        }
    }

    @Test
    void liveStreamsAreCappedSoTheyCannotTakeEveryThread() throws Exception {
        try (ListenRun listen = ListenRun.start(home, "--provider", "stripe", "--secret", "whsec_x", "--no-verify",
                "--store", home.resolve("h.db").toString(), "--threads", "8")) {
            List<HttpResponse<InputStream>> open = new java.util.ArrayList<>();
            try {
                java.net.http.HttpRequest stream = java.net.http.HttpRequest.newBuilder(listen.url("/_hooks/api/stream"))
                        .header("Authorization", "Bearer " + listen.token()).header("Accept", "text/event-stream").build();
                for (int i = 0; i < InspectorRoutes.MAX_STREAMS; i++) {
                    HttpResponse<InputStream> r = ListenRun.HTTP.send(stream, HttpResponse.BodyHandlers.ofInputStream());
                    assertThat(r.statusCode()).isEqualTo(200);
                    open.add(r);
                }
                HttpResponse<String> refused = ListenRun.send(stream);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("too many live streams");
                // The streams hold their threads; the rest of the listener does not wait for them.
                assertThat(listen.inspector("/_hooks/api/info").statusCode()).isEqualTo(200);
                assertThat(listen.post("/webhook", "{\"id\":\"evt_1\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                        java.util.Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(200);
            } finally {
                for (HttpResponse<InputStream> r : open) {
                    r.body().close();
                }
            }
        }
    }
}
