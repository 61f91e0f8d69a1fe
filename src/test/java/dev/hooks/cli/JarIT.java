package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged uber jar runs on its own: profiles and samples travel inside it. */
class JarIT {
    static final Path JAR = Path.of("target", "hooks.jar");

    @TempDir
    Path home;

    record Result(int code, String out, String err) {}

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
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
}
