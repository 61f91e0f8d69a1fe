package dev.hooks.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hooks.cli.CliRun;
import dev.hooks.listen.ControlPlaneIT;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator against the web pages and the clients that would abuse it: its key-less {@code /_emulator} routes
 * refuse what a page can send (a foreign Host, another site or origin, a body not declared JSON) while
 * {@code hooks trigger} keeps working; subscriptions are bounded in size and number; fan-out holds a bounded number
 * of threads; and verify never reads a local service's answer back to the caller. All over real loopback HTTP.
 */
class EmulatorGateIT {
    private static final String EMIT = "{\"event\": \"identity.approved\"}";

    @TempDir
    Path home;

    private static String post(int port, String path, String host, String body, String... headers) {
        StringBuilder r = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        return ControlPlaneIT.raw(port, r.append("\r\n").append(body).toString());
    }

    @Test
    void pagesAndReboundNamesCannotEmitOrMoveTheClockWhileTriggerCan() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "paxos")) {
            int port = URI.create(emu.url).getPort();
            String local = "127.0.0.1:" + port;
            String json = "Content-Type: application/json";
            // A cross-site form or fetch without preflight: text/plain, from another origin.
            String crossSite = post(port, "/_emulator/emit", local, EMIT, "Content-Type: text/plain",
                    "Origin: http://evil.example", "Sec-Fetch-Site: cross-site");
            assertThat(ControlPlaneIT.status(crossSite)).as(crossSite).isEqualTo(403);
            assertThat(crossSite).contains("another site");
            // DNS rebinding: the page's own name, now resolving to 127.0.0.1, so the request is "same origin".
            String rebound = post(port, "/_emulator/emit", "evil.example:" + port, EMIT, json,
                    "Origin: http://evil.example:" + port, "Sec-Fetch-Site: same-origin");
            assertThat(ControlPlaneIT.status(rebound)).as(rebound).isEqualTo(403);
            assertThat(rebound).contains("Host 'evil.example' is not this machine");
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/emit", local, EMIT, json,
                    "Origin: http://evil.example"))).isEqualTo(403);
            // A simple request whatever its origin headers: no body type a page can send without a preflight.
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                String simple = post(port, "/_emulator/emit", local, EMIT, "Content-Type: " + type);
                assertThat(ControlPlaneIT.status(simple)).as(type + ": " + simple).isEqualTo(415);
            }
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/emit", local, EMIT))).isEqualTo(415);

            String move = "{\"advance\": \"91d\"}";
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/clock", local, move, "Content-Type: text/plain")))
                    .isEqualTo(415);
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/clock", "attacker.test", move, json))).isEqualTo(403);
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/clock", local, move, json,
                    "Sec-Fetch-Site: same-site"))).isEqualTo(403);
            assertThat(ControlPlaneIT.status(ControlPlaneIT.get(port, "/_emulator/clock", "evil.example"))).isEqualTo(403);
            String clock = ControlPlaneIT.get(port, "/_emulator/clock", "localhost:" + port);
            assertThat(ControlPlaneIT.status(clock)).isEqualTo(200);
            assertThat(clock).contains("\"offset\":\"0s\"");

            // Programs on this machine: the JSON API and hooks trigger.
            assertThat(ControlPlaneIT.status(post(port, "/_emulator/clock", "localhost:" + port, move, json)))
                    .isEqualTo(200);
            CliRun trigger = CliRun.run(home, null, "trigger", "identity.approved", "--emulator", emu.url);
            trigger.succeeds();
            assertThat(trigger.out()).contains("identity.approved").contains("0 subscriptions");
        }
    }

    @Test
    void subscriptionsAreBoundedInSizeAndNumberWithTheProvidersErrors() {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal")) {
            Map<String, Object> body = new HashMap<>(Map.of("events", List.of("user-payroll-submitted"), "name", "n",
                    "url", "http://127.0.0.1:9/" + "a".repeat(3000)));
            HttpResponse<String> longUrl = emu.call("POST", "/webhooks", body);
            assertThat(longUrl.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(longUrl).path("field").asText()).isEqualTo("url");
            assertThat(longUrl.body()).contains("at most 2048").hasSizeLessThan(1000);
            body.put("url", "http://127.0.0.1:9/hook");
            body.put("name", "n".repeat(5000));
            HttpResponse<String> longName = emu.call("POST", "/webhooks", body);
            assertThat(longName.statusCode()).isEqualTo(400);
            assertThat(EmulateRun.json(longName).path("field").asText()).isEqualTo("name");
            body.put("name", "n");
            body.put("padding", "p".repeat(70_000));
            HttpResponse<String> large = emu.call("POST", "/webhooks", body);
            assertThat(large.statusCode()).isEqualTo(413);
            assertThat(EmulateRun.json(large).path("detail").asText()).contains("at most 65536");
            body.remove("padding");
            body.put("events", java.util.Collections.nCopies(101, "user-payroll-submitted"));
            assertThat(EmulateRun.json(emu.call("POST", "/webhooks", body)).path("field").asText()).isEqualTo("events");
            body.put("events", List.of("user-payroll-submitted"));

            for (int i = 0; i < 100; i++) {
                HttpResponse<String> r = emu.call("POST", "/webhooks", body);
                assertThat(r.statusCode()).as("subscription %d: %s", i + 1, r.body()).isEqualTo(201);
            }
            HttpResponse<String> more = emu.call("POST", "/webhooks", body);
            assertThat(more.statusCode()).isEqualTo(409);
            assertThat(EmulateRun.json(more).path("detail").asText()).contains("at most 100 subscriptions");
            String first = EmulateRun.json(emu.call("GET", "/webhooks", null)).get(0).path("id").asText();
            assertThat(emu.call("DELETE", "/webhooks/" + first, null).statusCode()).isEqualTo(204);
            assertThat(emu.call("POST", "/webhooks", body).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void anEmitToManyStalledUrlsHoldsABoundedNumberOfThreads() throws Exception {
        try (EmulateRun emu = EmulateRun.start(home, "--provider", "teal");
             Stalling stall = new Stalling()) {
            int subscriptions = 40;
            for (int i = 0; i < subscriptions; i++) {
                assertThat(emu.call("POST", "/webhooks", Map.of("events", List.of("user-payroll-submitted"),
                        "name", "n" + i, "url", "http://127.0.0.1:" + stall.port() + "/hook")).statusCode()).isEqualTo(201);
            }
            HttpResponse<String> r = emu.anonymous("POST", "/_emulator/emit",
                    Map.of("event", "user-payroll-submitted", "wait", "0s"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(EmulateRun.json(r).path("reached")).hasSize(subscriptions);
            // The pool's threads all take a connection, and then no more are opened.
            long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (stall.accepted() < 16 && System.nanoTime() < until) {
                EmulateRun.sleep(20);
            }
            assertThat(stall.accepted()).isLessThanOrEqualTo(16);
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("hooks-emulate-delivery")).count();
            assertThat(threads).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void verifyAndTheEchoCheckAnswerTheStatusNeverTheBodyOfWhatTheUrlServes() throws Exception {
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = "{\"internal\": \"private-page-of-a-local-service\"}".getBytes(StandardCharsets.UTF_8);
        service.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(x.getRequestURI().getPath().startsWith("/error") ? 500 : 200, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        service.start();
        String base = "http://127.0.0.1:" + service.getAddress().getPort();
        try (EmulateRun paismo = EmulateRun.start(home, "--provider", "paismo")) {
            for (String path : List.of("/admin", "/error")) {
                String id = EmulateRun.json(paismo.call("POST", "/v1/webhooks", Map.of("url", base + path,
                        "event_types", List.of("employee.created")))).path("id").asText();
                HttpResponse<String> v = paismo.call("POST", "/v1/webhooks/" + id + "/verify", null);
                assertThat(v.body()).doesNotContain("private-page").doesNotContain("internal");
                JsonNode verification = EmulateRun.json(v).path("verification");
                assertThat(verification.path("passed").asBoolean()).isFalse();
                assertThat(verification.path("status").asInt()).isEqualTo(path.equals("/error") ? 500 : 200);
                assertThat(verification.path("reason").asText()).isEqualTo(path.equals("/error")
                        ? "answered 500, not 200" : "answered 200, but not with the challenge it was sent");
                assertThat(paismo.call("GET", "/v1/webhooks/" + id, null).body()).doesNotContain("private-page");
            }
        } finally {
            service.stop(0);
        }
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/", x -> {
            x.sendResponseHeaders(200, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        service.start();
        try (EmulateRun keypay = EmulateRun.start(home, "--provider", "keypay")) {
            HttpResponse<String> r = keypay.call("POST", "/api/v2/webhookregistrations", Map.of("WebHookUri",
                    "http://127.0.0.1:" + service.getAddress().getPort() + "/admin", "Secret", "s3cret"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("answered 200, but not with the echo value it was sent")
                    .doesNotContain("private-page");
        } finally {
            service.stop(0);
        }
    }

    /** A peer on 127.0.0.1 that accepts connections and never answers, counting them. */
    private static final class Stalling implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Stalling() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "stalling-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
