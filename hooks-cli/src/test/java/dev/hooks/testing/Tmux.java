package dev.hooks.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program running under a real pseudo-terminal, driven like a person would: tmux runs it in a detached session,
 * {@link #keys} types, {@link #screen} reads what is shown. Each instance has its own tmux server socket, so tests
 * never touch a user's sessions. Where tmux is missing the test is skipped (see {@link Requirements}).
 */
public final class Tmux implements AutoCloseable {
    private final String socket;
    private final String session = "t";
    private final Path exitFile;

    private Tmux(String socket, Path exitFile) {
        this.socket = socket;
        this.exitFile = exitFile;
    }

    /**
     * Starts {@code command} (run by sh) in a 120x32 terminal with these extra environment variables. The shell
     * stays as the program's parent and writes its exit status to a file: tmux marks a pane dead as soon as its
     * terminal closes and does not always collect the status, so it is not asked for it.
     */
    public static Tmux start(Path workDir, Map<String, String> env, String command) throws IOException, InterruptedException {
        Requirements.command("tmux", "apt-get install tmux");
        Path exitFile = Files.createTempFile("hooks-tmux-", ".exit");
        Files.delete(exitFile);
        Tmux t = new Tmux("hooks-test-" + UUID.randomUUID(), exitFile);
        StringBuilder sh = new StringBuilder("trap : INT; cd '" + workDir + "' && env");
        env.forEach((k, v) -> sh.append(' ').append(k).append("='").append(v.replace("'", "'\\''")).append('\''));
        sh.append(' ').append(command).append("; echo $? > '").append(exitFile).append(".tmp' && mv '")
                .append(exitFile).append(".tmp' '").append(exitFile).append('\'');
        t.tmux("new-session", "-d", "-s", t.session, "-x", "120", "-y", "32", sh.toString());
        t.tmux("set-option", "-t", t.session, "remain-on-exit", "on");
        return t;
    }

    /** Types keys: literal text, or tmux key names such as {@code Tab}, {@code Enter}, {@code C-c}, {@code C-d}. */
    public Tmux keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
        return this;
    }

    /** Types text literally (no key-name lookup). */
    public Tmux type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", "--", text);
        return this;
    }

    /** What the terminal shows now, with scrollback. */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    /** What the terminal shows now with its colours and attributes, as escape sequences, without scrollback. */
    public String visibleWithAttributes() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-e", "-J", "-t", session);
    }

    /** A tmux format evaluated for the pane, e.g. {@code #{scroll_region_lower}}. */
    public String format(String format) throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", session, format).strip();
    }

    /** What the terminal shows now, without scrollback. */
    public String visible() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-t", session);
    }

    /** Waits until the screen satisfies {@code p}; fails with the screen when it does not within the time. */
    public String await(String what, Predicate<String> p, long millis) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String s = screen();
        while (!p.test(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + millis + " ms for " + what + "; the screen shows:\n" + s);
            }
            Thread.sleep(50);
            s = screen();
        }
        return s;
    }

    public String awaitText(String text, long millis) throws IOException, InterruptedException {
        return await("'" + text + "'", s -> s.contains(text), millis);
    }

    /** Whether the program has exited. */
    public boolean exited() {
        return Files.exists(exitFile);
    }

    /** The program's exit status, once it has exited (128 + N when signal N ended it). */
    public int exitStatus() throws IOException, InterruptedException {
        awaitExit(10_000);
        return Integer.parseInt(Files.readString(exitFile).strip());
    }

    public void awaitExit(long millis) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!exited()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still running after " + millis + " ms; the screen shows:\n" + screen());
            }
            Thread.sleep(50);
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Files.deleteIfExists(exitFile);
        new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
}
