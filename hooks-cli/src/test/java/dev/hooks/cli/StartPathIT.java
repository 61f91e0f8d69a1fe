package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the short commands load, read from the JVM's own class-loading log of real runs: a command does not load
 * the libraries it does not use (start-up is class loading). Which classes, never how long.
 */
class StartPathIT {
    static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: ");
    /** Libraries no short command needs: the server, the terminal, the history's database, the tunnels, Jackson. */
    static final List<String> UNUSED = List.of("io.javalin.", "org.eclipse.jetty.", "org.jline.", "org.sqlite.",
            "org.apache.sshd.", "org.bouncycastle.", "kotlin.", "com.fasterxml.");

    @TempDir
    Path home;

    /**
     * The classes a run loaded, by name, from the JVM's log (JDK_JAVA_OPTIONS reaches the java launcher however it
     * is started: through target/hooks or as java -jar).
     */
    List<String> loaded(List<String> launch, int exit, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(home, "classes", ".log");
        List<String> cmd = new ArrayList<>(launch);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HOOKS_CDS", "off");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + log);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("HOOKS_SECRET");
        Path out = home.resolve("out.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().write("Hello, World!".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(exit);
        List<String> names = new ArrayList<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(l -> {
                Matcher m = LOADED.matcher(l);
                if (m.find()) {
                    names.add(m.group(1));
                }
            });
        }
        assertThat(names).as("the log lists the run's classes").contains("dev.hooks.Main");
        return names;
    }

    static List<String> launcher() {
        return List.of(Project.root().resolve("target/hooks").toString());
    }

    static List<String> javaJar() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Project.jar().toString());
    }

    static List<String> from(List<String> loaded, List<String> prefixes) {
        return loaded.stream().filter(c -> prefixes.stream().anyMatch(c::startsWith)).toList();
    }

    /**
     * The JCE's set-up, which javax.crypto's first use runs: every security provider up to SunJCE instantiated, the
     * policy files read, the class path scanned for URL handlers. An HMAC over a digest needs none of it.
     */
    static final String JCE = "javax.crypto.JceSecurity";

    @Test
    void aPlainSignOrVerifyLoadsNoPicocliJacksonServerTerminalOrDatabaseClassAndLeavesTheJceAlone() throws Exception {
        List<String> avoided = new ArrayList<>(UNUSED);
        avoided.add("picocli.");
        avoided.add(JCE);
        Path body = Files.writeString(home.resolve("signed.json"), "{\"id\":1}");
        for (List<String> launch : List.of(launcher(), javaJar())) {
            List<String> loaded = loaded(launch, 0, "sign", "--provider", "github", "--secret", "k");
            assertThat(from(loaded, avoided)).as("%s sign", launch).isEmpty();
            assertThat(loaded).contains("dev.hooks.cli.SignCommand");
            loaded = loaded(launch, 1, "verify", "--provider", "github", "--secret", "k", "--signature", "sha256=00",
                    body.toString());
            assertThat(from(loaded, avoided)).as("%s verify", launch).isEmpty();
            assertThat(loaded).contains("dev.hooks.cli.VerifyCommand");
            // A failure's one line too: an unknown provider.
            loaded = loaded(launch, 2, "sign", "--provider", "nope", "--secret", "k");
            assertThat(from(loaded, avoided)).as("%s sign failing", launch).isEmpty();
        }
    }

    /**
     * encrypt, decrypt and keygen run without picocli too, through the launcher and as {@code java -jar}. AES-GCM is
     * the JCE's alone (javax.crypto.Cipher), so encrypt and decrypt do set it up; a key made from random bytes does not.
     */
    @Test
    void encryptDecryptAndKeygenLoadNoPicocliServerTerminalDatabaseOrJacksonClass() throws Exception {
        List<String> avoided = new ArrayList<>(UNUSED);
        avoided.add("picocli.");
        List<String> avoidedByKeys = new ArrayList<>(avoided);
        avoidedByKeys.add(JCE);
        Path body = Files.writeString(home.resolve("body.json"), "{\"id\":1}");
        Path sealed = Files.writeString(home.resolve("sealed.txt"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        Object[][] runs = {
            {0, avoided, new String[] {"encrypt", "--encryption-key", key, body.toString()}},
            {0, avoided, new String[] {"encrypt", "--encryption-key", key, "--iv", "AAECAwQFBgcICQoL", "--format", "body"}},
            {2, avoided, new String[] {"encrypt", "--encryption-key", "c2hvcnQ=", body.toString()}},
            {1, avoided, new String[] {"decrypt", "--encryption-key", key, "--iv", "AAAAAAAAAAAAAAAA", sealed.toString()}},
            {0, avoidedByKeys, new String[] {"keygen"}},
            {0, avoidedByKeys, new String[] {"keygen", "--type", "aes"}},
            {0, avoidedByKeys, new String[] {"keygen", "--type", "whsec"}},
            {0, avoidedByKeys, new String[] {"keygen", "--type", "ed25519"}},
        };
        for (List<String> launch : List.of(launcher(), javaJar())) {
            for (Object[] run : runs) {
                @SuppressWarnings("unchecked")
                List<String> unused = (List<String>) run[1];
                String[] args = (String[]) run[2];
                List<String> loaded = loaded(launch, (Integer) run[0], args);
                assertThat(from(loaded, unused)).as("%s %s", launch, List.of(args)).isEmpty();
                assertThat(loaded).as("%s %s", launch, List.of(args)).anyMatch(c -> c.startsWith("dev.hooks.cli.")
                        && c.toLowerCase().contains(args[0]));
            }
        }
    }

    /**
     * A command picocli parses opens only the jars its classes come from: the launcher's class path names every jar
     * of lib/, and a lookup of a class that none holds (picocli asks for Groovy's Closure) would open them all.
     * Read from the system calls of a real run, which jars were opened.
     */
    @Test
    void aCommandPicocliParsesOpensNoJarOfTheServerTunnelsOrDatabases() throws Exception {
        Path strace = dev.hooks.testing.Requirements.command("strace", "apt-get install strace");
        Path trace = home.resolve("openat.log");
        List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-e", "trace=openat", "-o",
                trace.toString()));
        cmd.addAll(launcher());
        cmd.add("providers");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HOOKS_CDS", "off");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(home.resolve("out.txt"))).isZero();
        List<String> jars = new ArrayList<>();
        Matcher m = Pattern.compile("/lib/([^/\"]+\\.jar)\"").matcher(Files.readString(trace));
        while (m.find()) {
            jars.add(m.group(1));
        }
        assertThat(jars).as("the jars the run opened").anyMatch(j -> j.startsWith("picocli-"))
                .noneMatch(j -> j.startsWith("jetty-") || j.startsWith("javalin-") || j.startsWith("sshd-")
                        || j.startsWith("bcprov-") || j.startsWith("sqlite-jdbc-") || j.startsWith("postgresql-")
                        || j.startsWith("HikariCP-") || j.startsWith("jline-"));
    }

    /** What still goes through picocli keeps doing so: help, and an option spelled as only picocli reads it. */
    @Test
    void helpAndUnusualSpellingsStillRunThroughPicocli() throws Exception {
        String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        assertThat(loaded(launcher(), 0, "keygen", "--help")).anyMatch(c -> c.startsWith("picocli."));
        assertThat(loaded(launcher(), 0, "encrypt", "--encryption-key", key, "--iv", "AAECAwQFBgcICQoL", "--"))
                .anyMatch(c -> c.startsWith("picocli."));
    }
}
