package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay sends a header value with bytes above ASCII as they were received, not encoded a second time. */
class ListenReplayBytesIT {
    @TempDir
    Path home;

    @Test
    void nonAsciiHeaderValuesAreReplayedAsReceived() throws Exception {
        byte[] body = ListenBoundsIT.delivery("evt_utf8");
        String sig = ListenBoundsIT.signed(body).get("X-Paismo-Signature");
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ListenRun listen = ListenRun.start(home, "--provider", "paismo", "--secret", ListenBoundsIT.SECRET,
                        "--store", home.resolve("h.db").toString())) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "X-Paismo-Signature: " + sig + "\r\nX-Name: ").getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes("café ☕".getBytes(StandardCharsets.UTF_8));
            head.writeBytes(("\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = ListenBoundsIT.raw(listen.port(), head.toByteArray(), body);
            assertThat(answer).startsWith("HTTP/1.1 200");
            String id = ListenRun.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("id").asText();

            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(target));
            JsonNode r = ListenRun.JSON.readTree(listen.post("/_hooks/api/deliveries/" + id + "/replay",
                    ("{\"to\":\"http://127.0.0.1:" + target.getLocalPort() + "/app\"}").getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + listen.token())).body());
            assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(204);
            byte[] sent = received.get();
            String asLatin = new String(sent, StandardCharsets.ISO_8859_1);
            assertThat(asLatin).contains("X-Name: " + new String("café ☕".getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1) + "\r\n");
        }
    }

    /** Reads one request's head from the next connection, answers 204, and returns the head's bytes. */
    static byte[] capture(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (!got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return got.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
