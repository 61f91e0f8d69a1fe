package dev.hooks.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class: Debian's {@code initdb} and {@code pg_ctl} (found under
 * {@code /usr/lib/postgresql/*}{@code /bin}) in a temporary directory under {@code target/}, on a free loopback port,
 * its unix socket in that directory, fsync on, password (scram) logins only. PostgreSQL refuses to run as root, so
 * as root it runs as the user {@code postgres} (through {@code runuser}). Each test takes a fresh database with
 * {@link #freshDatabase}. {@link #stop} and {@link #start} stop and start the same server; {@link #close} removes it
 * all. Where there is no PostgreSQL the test is skipped with one line ({@link Requirements}).
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser the tests log in as, and its password. */
    public static final String USER = "hooks";
    public static final String PASSWORD = "pg-Pa55word-never-stored";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private boolean running;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * One server for a test class, started before its first test and removed after its last:
     * {@code @RegisterExtension static final PostgresServer.PerClass pg = new PostgresServer.PerClass();}.
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private PostgresServer server;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            server = launch();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (server != null) {
                server.close();
            }
        }

        public PostgresServer server() {
            return server;
        }
    }

    /** Makes and starts a server, or skips the test when PostgreSQL is not installed. */
    public static PostgresServer launch() throws IOException, InterruptedException {
        Path bin = binaries();
        Requirements.require(bin != null, "PostgreSQL not found under /usr/lib/postgresql/*/bin "
                + "(apt-get install postgresql)");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Requirements.require(Requirements.find("runuser") != null, "runuser not found (apt-get install util-linux)");
        }
        Path target = Project.root().resolve("hooks-cli/target");
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "pg-");
        PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
        try {
            server.init();
            server.start();
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private static Path binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void init() throws IOException, InterruptedException {
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, PASSWORD + "\n");
        if (asPostgres) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pw,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"), true);
        Files.deleteIfExists(pw);
    }

    /** Starts the server (again), and waits until it takes connections. */
    public void start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on "
                        + "-c synchronous_commit=on -c max_connections=100", "start"), true);
        running = true;
    }

    /** Stops the server (fast: connections are ended), and waits until it is down. */
    public void stop() throws IOException, InterruptedException {
        if (running) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
            running = false;
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database; its {@code postgresql://} URL (no password in it). */
    public String freshDatabase() throws SQLException {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** {@code postgresql://hooks@127.0.0.1:PORT/db}. */
    public String url(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    /** The database name at the end of a URL from {@link #freshDatabase}. */
    public static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A JDBC connection as the superuser, for a test to look at what was stored. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    /** The environment a command needs to log in: PGPASSWORD. */
    public Map<String, String> env() {
        return Map.of("PGPASSWORD", PASSWORD);
    }

    /** {@code pg_dump} of {@code database}, as plain SQL. */
    public String dump(String database) throws IOException, InterruptedException {
        Path out = dir.resolve(database + ".sql");
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_dump").toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-U", USER, "-f", out.toString(), database));
        run(cmd, true);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private void run(List<String> command, boolean unprivileged) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (unprivileged && asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", PASSWORD);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    /** Stops the server at once and removes its directory. */
    @Override
    public void close() {
        try {
            if (running && Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        true);
            }
        } catch (IOException | InterruptedException e) {
            // removed below all the same
        } finally {
            running = false;
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a directory under target/: mvn clean removes what is left
            }
        }
    }
}
