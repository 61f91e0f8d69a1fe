package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code hooks send} talks HTTP: timeouts, redirects not followed, TLS checked unless --insecure. */
class SendTransportIT {
    @TempDir
    Path home;

    @Test
    void aSlowReceiverTimesOut() throws Exception {
        try (HandshakeIT.Server s = HandshakeIT.Server.start(x -> {
            sleep(3000);
            return HandshakeIT.reply(200, "late");
        })) {
            long start = System.nanoTime();
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s",
                    "--to", s.url(), "--timeout", "300ms");
            run.exits(1); // the receiver was reached: its failure, not the network's
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
            assertThat(run.out()).contains("timeout error: no answer within 300ms");
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        try (HandshakeIT.Server s = HandshakeIT.Server.start(x -> {
            hits.incrementAndGet();
            x.getResponseHeaders().add("Location", "/elsewhere");
            return HandshakeIT.reply(302, "");
        })) {
            CliRun run = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s",
                    "--to", s.url());
            run.exits(1);
            assertThat(hits.get()).isEqualTo(1);
            assertThat(run.out()).contains("302 Found").contains("redirect to /elsewhere not followed");
        }
    }

    @Test
    void httpsIsCheckedAgainstTheTrustStoreUnlessInsecure(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            hits.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            CliRun checked = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s",
                    "--to", url);
            checked.exits(3);
            assertThat(checked.out()).contains("tls error");
            assertThat(hits.get()).isZero();
            CliRun insecure = CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s",
                    "--to", url, "--insecure");
            insecure.succeeds();
            assertThat(insecure.err()).contains("warning: --insecure");
            assertThat(hits.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s", "--to", "ftp://x/")
                .exits(2);
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--to", "http://127.0.0.1:9/")
                .exits(2);
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s", "--to",
                "http://127.0.0.1:9/", "--rate", "fast").exits(2);
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s", "--to",
                "http://127.0.0.1:9/", "--set", "data").exits(2);
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s", "--to",
                "http://127.0.0.1:9/", "--no-payload").exits(2);
        CliRun.run(home, null, "send", "employee.created", "--provider", "paismo", "--secret", "s", "--to",
                "http://127.0.0.1:9/", "--encryption-key", "AAAA").exits(2);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
