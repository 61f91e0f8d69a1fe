package dev.hooks.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 and a free port, with a host key, an authorized key and a configuration of
 * the test's own, in the foreground and logging to a file; {@link #close} stops it and every session it started.
 */
public final class Sshd implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final Path log;

    private Sshd(Path dir, int port, Process process, Path log) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** A fresh key pair without a passphrase at {@code file} (and {@code file.pub}). */
    public static Path keygen(Path file) throws IOException, InterruptedException {
        Requirements.command("ssh-keygen", "apt-get install openssh-client");
        Files.createDirectories(file.getParent());
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hooks-test", "-f", file.toString()));
        return file;
    }

    /**
     * Starts sshd in {@code dir}, accepting {@code authorizedKey} (a .pub file) for the current user, with remote
     * forwarding allowed unless {@code extraConfig} says otherwise (its lines come first, so they win).
     */
    public static Sshd start(Path dir, Path authorizedKey, String... extraConfig) throws IOException, InterruptedException {
        Path sshd = Requirements.command("sshd", "apt-get install openssh-server");
        // sshd refuses to start without its privilege separation directory (made by the package's service, not here).
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            try {
                Files.createDirectories(privsep);
            } catch (IOException e) {
                Requirements.require(false, "sshd needs the directory /run/sshd (mkdir -p /run/sshd as root)");
            }
        }
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("host_ed25519");
        if (!Files.exists(hostKey)) {
            keygen(hostKey);
        }
        Files.copy(authorizedKey, dir.resolve("authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        List<String> config = new ArrayList<>(List.of(extraConfig));
        config.addAll(List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "AllowTcpForwarding yes",
                "GatewayPorts no",
                "LogLevel VERBOSE"));
        Path conf = dir.resolve("sshd_config");
        Files.write(conf, config, StandardCharsets.UTF_8);
        Path log = dir.resolve("sshd.log");
        Process p = new ProcessBuilder(sshd.toAbsolutePath().toString(), "-D", "-e", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Sshd s = new Sshd(dir, port, p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited " + p.exitValue() + ":\n" + s.log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return s;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        s.close();
        throw new IllegalStateException("sshd did not listen on " + port + ":\n" + s.log());
    }

    /** The line to put in known_hosts for this server. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(dir.resolve("host_ed25519.pub")).trim().split("\\s+");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    public int port() {
        return port;
    }

    /** {@code ssh://USER@127.0.0.1:PORT} for the user running the tests. */
    public String url() {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port;
    }

    /** Kills every session (the processes sshd started for connections), as a dropped link would end them. */
    public int killSessions() {
        List<ProcessHandle> sessions = process.descendants().toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        return sessions.size();
    }

    /** What sshd logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port free on 127.0.0.1 now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }
}
