package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Project;
import dev.hooks.testing.Requirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code mvn package} writes as target/hooks (the archive's bin/hooks), run as a user runs it: its
 * start-up cache is made in the background from the training run, kept per installation and JDK, valid only for
 * the jar it was made from, made again when damaged, skipped with {@code HOOKS_CDS=off}, and never adds a byte to
 * a command's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
    static final Path LAUNCHER = Project.root().resolve("target/hooks");
    static final String BODY = "Hello, World!";
    static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    /** Shared by the tests, in order: each training takes seconds, so the tests build on each other's caches. */
    @TempDir
    static Path home;

    record Result(int code, String out, String err) {}

    static Path cache() {
        return home.resolve("cache/hooks/cds");
    }

    Result run(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().remove("HOOKS_SECRET");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("HOOKS_CDS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Result sign(Path launcher, Map<String, String> env, String... before) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(before));
        args.addAll(List.of("sign", "--provider", "github", "--secret", "It's a Secret to Everybody", "--format", "value"));
        Result r = run(launcher, env, args.toArray(String[]::new));
        // The cache's making never shows in a command: the same output as without it, nothing on stderr.
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(SIGNATURE + "\n");
        assertThat(r.err()).isEmpty();
        return r;
    }

    /** Waits for the background training to finish (its lock directory gone); the caches it left. */
    static List<Path> trained() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            List<Path> locks = list(cache(), ".lock");
            if (locks.isEmpty() || System.nanoTime() > deadline) {
                assertThat(locks).as("training still running").isEmpty();
                return list(cache(), ".jsa", ".aot");
            }
            Thread.sleep(200);
        }
    }

    /** The cache of the JDK running the tests that a plain sign uses. */
    static Path signCache(List<Path> caches) throws IOException {
        String prefix = "hooks-direct-" + version(Path.of(System.getProperty("java.home"))) + "-";
        return caches.stream().filter(c -> c.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
    }

    static List<Path> list(Path dir, String... suffixes) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
                    .sorted().toList();
        }
    }

    /** How many of hooks' own classes a sign through the launcher mapped from a cache rather than loading them. */
    long sharedClasses(Path launcher, Map<String, String> env) throws Exception {
        Path log = Files.createTempFile(home, "classes", ".log");
        Map<String, String> withLog = new HashMap<>(env);
        withLog.put("JAVA_OPTS", "-Xlog:class+load:file=" + log);
        sign(launcher, withLog);
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" dev.hooks.") && l.contains("source: shared objects file")).count();
        }
    }

    /** The time of the cache the training made, as NAME.ok records it. */
    static FileTime stamp(Path cache) throws IOException {
        return Files.getLastModifiedTime(Path.of(cache + ".ok", "cache"));
    }

    static String version(Path javaHome) throws IOException {
        Matcher m = Pattern.compile("JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(javaHome.resolve("release")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The JIT tier the launcher ran a command line on (1: C1 only, 4: up to C2), from the JVM's final flags. */
    int tier(String... args) throws Exception {
        Result r = run(LAUNCHER, Map.of("HOOKS_CDS", "off", "JAVA_OPTS", "-XX:+PrintFlagsFinal"), args);
        Matcher m = Pattern.compile("TieredStopAtLevel\\s+=\\s+(\\d)").matcher(r.out());
        assertThat(m.find()).as("%s: %s", List.of(args), r.err()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Order(5)
    void aSendOfUpToAHundredThousandDeliveriesRunsOnC1AndALongerOneOnTheFullJit() throws Exception {
        assertThat(tier("send", "--count", "20000", "--concurrency", "64", "--help")).isEqualTo(1);
        assertThat(tier("send", "-n", "100000", "--help")).isEqualTo(1);
        assertThat(tier("sign", "--help")).isEqualTo(1);
        assertThat(tier("send", "--count", "100001", "--help")).isEqualTo(4);
        assertThat(tier("send", "--count=5000000000", "--help")).isEqualTo(4);
        assertThat(tier("send", "--count", "10", "--duration", "5m", "--help")).isEqualTo(4);
        assertThat(tier("listen", "--help")).isEqualTo(4);
    }

    @AfterEach
    void letTheTrainingFinish() throws Exception {
        trained(); // never delete a directory a background training still writes to
    }

    @Test
    @Order(1)
    void theCacheIsTrainedInTheBackgroundKeptPerJdkAndUsed() throws Exception {
        assertThat(LAUNCHER).as("mvn package writes the launcher").isExecutable();
        sign(LAUNCHER, Map.of());
        List<Path> caches = trained();
        String version = version(Path.of(System.getProperty("java.home")));
        String ext = Runtime.version().feature() >= 25 ? "aot" : "jsa";
        assertThat(caches).singleElement().satisfies(c -> assertThat(c.getFileName().toString())
                .matches("hooks-direct-" + Pattern.quote(version) + "-.+\\." + ext));
        Path cache = caches.get(0);
        assertThat(Path.of(cache + ".ok")).isDirectory();
        FileTime made = Files.getLastModifiedTime(cache);
        assertThat(sharedClasses(LAUNCHER, Map.of())).as("hooks' classes mapped from the cache").isGreaterThan(20);
        assertThat(trained()).as("a valid cache is not made again").containsExactly(cache);
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);
        // keygen shares the plain sign's cache; the other short commands have a cache of their own, trained on all of
        // them, not only on the --version that started its training.
        assertThat(run(LAUNCHER, Map.of(), "keygen").code()).isZero();
        assertThat(trained()).containsExactly(cache);
        assertThat(run(LAUNCHER, Map.of(), "--version").code()).isZero();
        assertThat(trained()).hasSize(2).contains(cache).anySatisfy(c -> assertThat(c.getFileName().toString())
                .matches("hooks-short-" + Pattern.quote(version) + "-.+\\." + ext));
        Result providers = run(LAUNCHER, Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + home.resolve("providers.log")),
                "providers");
        assertThat(providers.code()).isZero();
        assertThat(Files.readString(home.resolve("providers.log")))
                .containsPattern("dev\\.hooks\\.cli\\.ProvidersCommand source: shared objects file");

        // A long-running command has a cache of its own, trained on the listener, without the short commands'.
        Result listen = run(LAUNCHER, Map.of(), "listen", "--port", "-1");
        assertThat(listen.code()).isEqualTo(2);
        assertThat(listen.err()).isEqualTo("hooks: --port -1 is not a TCP port: use 1-65535, or 0 to pick a free one\n");
        assertThat(trained()).hasSize(3).contains(cache).anySatisfy(c -> assertThat(c.getFileName().toString())
                .matches("hooks-long-" + Pattern.quote(version) + "-.+\\." + ext));
        run(LAUNCHER, Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + home.resolve("listen.log")), "listen", "--port", "-1");
        assertThat(Files.readString(home.resolve("listen.log")))
                .containsPattern("dev\\.hooks\\.cli\\.ListenCommand source: shared objects file");
    }

    @Test
    @Order(3)
    void anotherJdkGetsItsOwnCacheAndLeavesThisOneAlone() throws Exception {
        Path other = otherJdk();
        sign(LAUNCHER, Map.of());
        List<Path> before = trained();
        Path cache = signCache(before);
        FileTime made = Files.getLastModifiedTime(cache);
        sign(LAUNCHER, Map.of("JAVA_HOME", other.toString()));
        String ext = Integer.parseInt(version(other).split("[.+-]")[0]) >= 25 ? ".aot" : ".jsa";
        assertThat(trained()).hasSize(before.size() + 1).contains(cache).anySatisfy(c -> assertThat(c.getFileName()
                .toString()).startsWith("hooks-direct-" + version(other) + "-").endsWith(ext));
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);
        assertThat(sharedClasses(LAUNCHER, Map.of("JAVA_HOME", other.toString()))).isGreaterThan(20);
        assertThat(sharedClasses(LAUNCHER, Map.of())).isGreaterThan(20);
    }

    @Test
    @Order(4)
    void aCacheMadeForAnotherJarIsNotUsedAndIsMadeAgain() throws Exception {
        // An installation of its own, laid out as the archive is: bin/hooks and lib/.
        Path install = home.resolve("install");
        Files.createDirectories(install.resolve("bin"));
        Path launcher = Files.copy(LAUNCHER, install.resolve("bin/hooks"));
        Path lib = Files.createDirectories(install.resolve("lib"));
        try (Stream<Path> jars = Files.list(LAUNCHER.resolveSibling("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        List<Path> before = trained();
        sign(launcher, Map.of());
        List<Path> after = new ArrayList<>(trained());
        after.removeAll(before);
        assertThat(after).as("an installation of its own has a cache of its own").hasSize(1);
        Path cache = after.get(0);
        FileTime ok = stamp(cache);
        assertThat(sharedClasses(launcher, Map.of())).isGreaterThan(20);

        // Another jar (here a dependency rebuilt: its time changes): the cache no longer holds, and is made again.
        Path dependency;
        try (Stream<Path> jars = Files.list(lib)) {
            dependency = jars.filter(j -> j.getFileName().toString().startsWith("hooks-core-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(dependency, FileTime.fromMillis(Files.getLastModifiedTime(dependency).toMillis() - 86_400_000L));
        assertThat(sharedClasses(launcher, Map.of())).as("a cache made for another jar is not used").isZero();
        assertThat(trained()).contains(cache).hasSize(before.size() + 1);
        assertThat(stamp(cache)).as("the record of the cache that was made").isNotEqualTo(ok);
        assertThat(sharedClasses(launcher, Map.of())).isGreaterThan(20);
    }

    @Test
    @Order(2)
    void aDamagedCacheIsNotUsedAndIsMadeAgain() throws Exception {
        sign(LAUNCHER, Map.of());
        Path cache = signCache(trained());
        FileTime ok = stamp(cache);
        // Damaged in place, the same size: not used, and made again.
        cache.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[4096]);
        }
        assertThat(sharedClasses(LAUNCHER, Map.of())).as("a damaged cache is not used").isZero();
        assertThat(trained()).contains(cache);
        assertThat(stamp(cache)).isNotEqualTo(ok);
        assertThat(sharedClasses(LAUNCHER, Map.of())).isGreaterThan(20);
    }

    @Test
    @Order(5)
    void aCommandWithItsCacheMadeStartsJavaAndNothingElse() throws Exception {
        Path strace = Requirements.command("strace", "apt-get install strace");
        // java found on the PATH through a symlink, as /usr/bin/java is: resolved once, then remembered.
        Path bin = Files.createDirectories(home.resolve("path-bin"));
        Path java = Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Map<String, String> onPath = Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", "");
        for (Map<String, String> env : List.of(Map.<String, String>of(), onPath)) {
            sign(LAUNCHER, env);
            trained();
            sign(LAUNCHER, env);
            Path trace = Files.createTempFile(home, "trace", ".txt");
            List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-o", trace.toString(),
                    "-e", "trace=execve,fork,vfork,clone,clone3", LAUNCHER.toString()));
            sign(Path.of(cmd.get(0)), env, cmd.subList(1, cmd.size()).toArray(String[]::new));
            // Until the launcher's process becomes java, it starts no other process and forks no subshell.
            List<String> lines = Files.readAllLines(trace);
            String pid = lines.get(0).split(" ", 2)[0];
            List<String> launcher = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith(pid + " ")) {
                    launcher.add(line);
                    if (line.contains("execve(\"" + Path.of(System.getProperty("java.home"), "bin", "java"))
                            || line.contains("execve(\"" + java)) {
                        break;
                    }
                }
            }
            assertThat(launcher).as("%s, traced: %s", env, lines).hasSize(2);
            assertThat(launcher.get(0)).contains("execve(\"" + LAUNCHER);
            assertThat(sharedClasses(LAUNCHER, env)).as("%s", env).isGreaterThan(20);
        }
    }

    @Test
    @Order(0)
    void hooksCdsOffRunsWithoutACacheAndMakesNone() throws Exception {
        Map<String, String> off = Map.of("HOOKS_CDS", "off", "XDG_CACHE_HOME", home.resolve("off").toString());
        sign(LAUNCHER, off);
        assertThat(sharedClasses(LAUNCHER, off)).isZero();
        assertThat(home.resolve("off")).doesNotExist();
    }

    /** A JDK of another feature version than the one running the tests; the test is skipped without one. */
    static Path otherJdk() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        int running = Runtime.version().feature();
        try (Stream<Path> homes = Files.isDirectory(jvm) ? Files.list(jvm) : Stream.empty()) {
            for (Path h : homes.sorted().toList()) {
                if (Files.isExecutable(h.resolve("bin/java")) && Files.isReadable(h.resolve("release"))) {
                    String v = version(h);
                    int feature = Integer.parseInt(v.split("[.+-]")[0]);
                    if (feature != running && feature >= 17) {
                        return h.toRealPath();
                    }
                }
            }
        }
        Requirements.require(false, "a second JDK (17 or 25) under /usr/lib/jvm, for the launcher's cache per JDK");
        return null;
    }
}
