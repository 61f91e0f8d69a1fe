package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real user projects, built by Maven as a user builds them: plain projects (no parent, no JUnit BOM) that depend on
 * hooks-junit5 and on {@code junit-jupiter} of each supported version, in both orders, and run the tests of
 * src/test/resources/user-project (a receiver from {@code @Receive} alone, event ids matched between what was sent
 * and what arrived, a receiver shared by tests running in parallel). One reactor, one Maven run. The hooks artifacts
 * are this build's own jars, copied into a private local repository under target/ (never ~/.m2); everything else
 * comes from the build's own local repository (as a file repository) or Maven Central, and later runs are offline.
 */
class UserProjectsIT {
    /** JUnit Jupiter versions a user may have: each minor line from the oldest supported, and 6. */
    static final List<String> JUNIT = List.of("5.10.2", "5.12.2", "5.13.4", "5.14.4", "6.0.3");
    /** The user project's tests: 3 in OneAnnotationTest, 8 invocations in SharedReceiverTest. */
    static final int TESTS = 12;
    /** A JUnit Jupiter too old for the extension (it ignores @ExtendWith on fields and parameters). */
    static final String TOO_OLD = "5.7.2";

    static final String VERSION = System.getProperty("hooks.version", "0.1.0-SNAPSHOT");
    static final Path ROOT = Paths.get(System.getProperty("hooks.root", "..")).toAbsolutePath().normalize();
    static final Path WORK = ROOT.resolve("hooks-junit5/target/user-projects");

    static String log;

    @BeforeAll
    static void buildTheUserProjects() throws Exception {
        Path repo = WORK.resolve("repo");
        Path reactor = WORK.resolve("reactor");
        deleteTree(reactor);
        Files.createDirectories(reactor);
        publish(repo);

        StringBuilder modules = new StringBuilder();
        for (String junit : JUNIT) {
            for (boolean hooksFirst : new boolean[] {true, false}) {
                String name = "junit-" + junit + (hooksFirst ? "-hooks-first" : "-junit-first");
                modules.append("    <module>").append(name).append("</module>\n");
                Path module = reactor.resolve(name);
                copyTree(ROOT.resolve("hooks-junit5/src/test/resources/user-project"), module);
                Files.writeString(module.resolve("pom.xml"), userPom(name, junit, hooksFirst));
            }
        }
        String tooOld = "junit-" + TOO_OLD + "-too-old";
        modules.append("    <module>").append(tooOld).append("</module>\n");
        copyTree(ROOT.resolve("hooks-junit5/src/test/resources/user-project-too-old"), reactor.resolve(tooOld));
        Files.writeString(reactor.resolve(tooOld).resolve("pom.xml"), userPom(tooOld, TOO_OLD, true)
                .replace("<redirectTestOutputToFile>", "<testFailureIgnore>true</testFailureIgnore><redirectTestOutputToFile>"));
        Files.writeString(reactor.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>user-projects</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                %s  </modules>
                </project>
                """.formatted(modules));
        Files.writeString(WORK.resolve("settings.xml"), settings());

        // What this set of projects needs was resolved once: later runs are offline. A new set resolves afresh.
        String key = Integer.toHexString((JUNIT + TOO_OLD + VERSION + System.getProperty("surefire.version")).hashCode());
        Path resolved = repo.resolve(".resolved-" + key);
        Path logFile = WORK.resolve("build.log");
        int exit = maven(reactor, repo, Files.exists(resolved), logFile);
        log = Files.readString(logFile);
        if (exit != 0 && Files.exists(resolved) && log.contains("offline mode")) {
            exit = maven(reactor, repo, false, logFile);
            log = Files.readString(logFile);
        }
        if (exit == 0) {
            Files.writeString(resolved, "the user projects resolved every dependency once; later runs are offline\n");
        }
    }

    static int maven(Path reactor, Path repo, boolean offline, Path logFile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenCommand(), "-B", "-fae", "-T", "2",
                "-s", WORK.resolve("settings.xml").toString(), "-Dmaven.repo.local=" + repo,
                "-f", reactor.resolve("pom.xml").toString(), "test"));
        if (offline) {
            command.add(1, "-o");
        }
        Process p = new ProcessBuilder(command).directory(reactor.toFile()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the user projects' build did not end in 15 minutes; see " + logFile);
        }
        return p.exitValue();
    }

    @Test
    void everyJUnitVersionInEitherOrderRunsEveryTestAndPassesIt() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String junit : JUNIT) {
            for (String order : List.of("hooks-first", "junit-first")) {
                String name = "junit-" + junit + "-" + order;
                Report r = report(WORK.resolve("reactor").resolve(name));
                if (r.tests != TESTS || r.failed > 0) {
                    problems.add(name + ": " + r.tests + " tests ran (of " + TESTS + "), " + r.failed + " failed"
                            + r.messages);
                }
            }
        }
        assertThat(problems).as("the user projects (build log: %s):%n%s", WORK.resolve("build.log"), tail(log))
                .isEmpty();
    }

    @Test
    void onAJUnitTooOldTheTestFailsWithOneLineNamingTheVersionNeeded() throws IOException {
        Report r = report(WORK.resolve("reactor").resolve("junit-" + TOO_OLD + "-too-old"));
        assertThat(r.failed).as("build log: %s%n%s", WORK.resolve("build.log"), tail(log)).isPositive();
        assertThat(r.messages.strip().lines().distinct().toList()).containsExactly("hooks-junit5 needs JUnit Jupiter 5.8 or "
                + "later, but this test runs on JUnit Jupiter " + TOO_OLD + ": depend on org.junit.jupiter:junit-jupiter "
                + "5.10 or later (or 6)");
    }

    @Test
    void theReceiversPrintNothing() throws IOException {
        // surefire keeps what a test class prints (stdout and stderr) in *-output.txt: none of Javalin's no-logger
        // banner, SLF4J's warning or Jetty's start-up lines, in any of the projects
        List<String> printed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(WORK.resolve("reactor"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("-output.txt")).toList()) {
                printed.add(WORK.relativize(f) + ":\n" + Files.readString(f));
            }
        }
        assertThat(printed).isEmpty();
    }

    record Report(int tests, int failed, String messages) {}

    static Report report(Path module) throws IOException {
        Path dir = module.resolve("target/surefire-reports");
        int tests = 0;
        int failed = 0;
        StringBuilder messages = new StringBuilder();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    String xml = Files.readString(f);
                    Matcher suite = Pattern.compile("<testsuite [^>]*").matcher(xml);
                    if (suite.find()) {
                        tests += attribute(suite.group(), "tests");
                        failed += attribute(suite.group(), "failures") + attribute(suite.group(), "errors");
                    }
                    Matcher m = Pattern.compile("<(?:failure|error) message=\"([^\"]*)\"").matcher(xml);
                    while (m.find()) {
                        messages.append("\n    ").append(m.group(1));
                    }
                }
            }
        }
        return new Report(tests, failed, messages.toString());
    }

    static int attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"(\\d+)\"").matcher(tag);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String userPom(String name, String junit, boolean hooksFirst) {
        String hooks = """
                    <dependency>
                      <groupId>dev.hooks</groupId>
                      <artifactId>hooks-junit5</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                """.formatted(VERSION);
        String jupiter = """
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                """.formatted(junit);
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s%s  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <redirectTestOutputToFile>true</redirectTestOutputToFile>
                          <reuseForks>false</reuseForks>
                          <systemPropertyVariables><expected.junit>%s</expected.junit></systemPropertyVariables>
                        </configuration>
                      </plugin>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(name, hooksFirst ? hooks : jupiter, hooksFirst ? jupiter : hooks,
                System.getProperty("compiler.version", "3.13.0"), System.getProperty("surefire.version", "3.5.2"),
                junit);
    }

    /**
     * The build's own local repository as a file repository before Central, so what this machine has already
     * downloaded is copied rather than downloaded again.
     */
    static String settings() {
        String cache = Paths.get(System.getProperty("build.repo",
                System.getProperty("user.home") + "/.m2/repository")).toUri().toString();
        String repo = """
                        <id>%s</id><url>%s</url>
                        <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                        <snapshots><enabled>false</enabled></snapshots>
                """;
        String repos = "<repository>" + repo.formatted("build-cache", cache) + "</repository>";
        String plugins = "<pluginRepository>" + repo.formatted("build-cache", cache) + "</pluginRepository>";
        return """
                <settings>
                  <profiles><profile><id>user-projects</id>
                    <repositories>%s</repositories>
                    <pluginRepositories>%s</pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>user-projects</activeProfile></activeProfiles>
                </settings>
                """.formatted(repos, plugins);
    }

    /** This build's hooks artifacts, as a local repository holds installed ones. */
    static void publish(Path repo) throws IOException {
        put(repo, "hooks-parent", ROOT.resolve("pom.xml"), null);
        for (String artifact : List.of("hooks-core", "hooks-receiver", "hooks-junit5")) {
            Path jar = ROOT.resolve(artifact).resolve("target").resolve(artifact + "-" + VERSION + ".jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with -am so the reactor packages it");
            }
            put(repo, artifact, ROOT.resolve(artifact).resolve("pom.xml"), jar);
        }
    }

    static void put(Path repo, String artifact, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve("dev/hooks").resolve(artifact).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String mavenCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Paths.get(home, "bin", "mvn"))) {
            return Paths.get(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    static String tail(String text) {
        if (text == null) {
            return "";
        }
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
