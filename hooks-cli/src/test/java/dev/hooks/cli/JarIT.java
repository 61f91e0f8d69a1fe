package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.hooks.store.DeliveryStore;
import dev.hooks.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged uber jar runs on its own: profiles and samples travel inside it. */
class JarIT {
    static final Path JAR = dev.hooks.testing.Project.jar();

    @TempDir
    Path home;

    record Result(int code, String out, String err) {}

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        return runOn(Path.of(System.getProperty("java.home"), "bin", "java"), stdin, args);
    }

    Result runOn(Path java, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("HOOKS_SECRET");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theJarSignsRendersSamplesAndReportsErrorsWithoutStackTraces() throws Exception {
        assertThat(JAR).exists();
        Result help = run("", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Examples:").contains("sign").contains("Exit codes:");

        Result sign = run("Hello, World!", "sign", "--provider", "github", "--secret", "It's a Secret to Everybody");
        assertThat(sign.out()).contains("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

        Result sample = run("", "samples", "show", "payroll.approved", "--provider", "paismo", "--set", "data.status=CLOSED");
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(sample.out()).contains("\"event_type\": \"payroll.approved\"").contains("CLOSED").doesNotContain("{{");

        Result bad = run("", "verify", "--provider", "teal", "--signature", "abc");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void bothJarsGrantNativeAccessSoJava24AndLaterDoNotWarn() throws Exception {
        try (JarFile fat = new JarFile(JAR.toFile()); JarFile thin = new JarFile(thinJar().toFile())) {
            assertThat(fat.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
            assertThat(thin.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
        Path java = newerJava();
        Requirements.require(java != null, "a JDK 24 or later under /usr/lib/jvm or in JAVA_HOME "
                + "(e.g. Temurin 25, or apt-get install openjdk-25-jdk-headless where Debian has it)");
        Path history = home.resolve("h.db");
        DeliveryStore.open(history).close(); // events list opens SQLite (native code) only where a history exists
        Result events = runOn(java, "", "events", "list", "--store", history.toString());
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.err()).doesNotContain("restricted method").doesNotContain("WARNING");
        Result shell = runOn(java, "exit\n", "shell");
        assertThat(shell.err()).doesNotContain("restricted method").doesNotContain("WARNING");
    }

    @Test
    void theFatJarCarriesNoCdiOrTransactionApisAndOneSlf4j() throws Exception {
        try (JarFile fat = new JarFile(JAR.toFile())) {
            List<String> names = fat.stream().map(JarEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.startsWith("jakarta/enterprise/") || n.startsWith("jakarta/inject/")
                    || n.startsWith("jakarta/interceptor/") || n.startsWith("jakarta/transaction/"));
            Set<String> slf4j = new TreeSet<>();
            for (String n : names) {
                if (n.startsWith("META-INF/maven/org.slf4j/") && n.endsWith("pom.properties")) {
                    Properties p = new Properties();
                    p.load(fat.getInputStream(fat.getEntry(n)));
                    slf4j.add(p.getProperty("version"));
                }
            }
            assertThat(slf4j).as("slf4j versions in the jar").hasSize(1);
        }
    }

    private static Path thinJar() throws IOException {
        try (var files = Files.list(dev.hooks.testing.Project.module().resolve("target"))) {
            // the module's own jar, not its -sources or -javadoc companions
            return files.filter(f -> f.getFileName().toString().matches("hooks-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    /** A java of feature version 24 or later: JAVA_HOME's, or one under /usr/lib/jvm; null when there is none. */
    private static Path newerJava() throws IOException {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            homes.add(Path.of(javaHome));
        }
        if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
                dirs.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            Path java = home.resolve("bin/java");
            if (Files.isReadable(release) && Files.isExecutable(java)) {
                Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 24) {
                    return java;
                }
            }
        }
        return null;
    }
}
