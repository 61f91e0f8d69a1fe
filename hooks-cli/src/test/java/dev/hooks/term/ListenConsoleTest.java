package dev.hooks.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** The keys and status line of listen, on JLine's terminal over pipes (raw mode emulated as on a pty). */
class ListenConsoleTest {

    static final class Recorder implements ListenConsole.Keys {
        final List<String> calls = new ArrayList<>();
        final CountDownLatch quit = new CountDownLatch(1);
        final String[] modes = {"off", "500", "timeout"};
        int mode;
        boolean verbose;

        @Override
        public synchronized String replayLast() {
            calls.add("replay");
            return "replayed d_1: 200";
        }

        @Override
        public synchronized String cycleFailure() {
            mode = (mode + 1) % modes.length;
            calls.add("failure " + modes[mode]);
            return modes[mode];
        }

        @Override
        public synchronized boolean toggleVerbose() {
            verbose = !verbose;
            calls.add("verbose " + verbose);
            return verbose;
        }

        @Override
        public synchronized void clear() {
            calls.add("clear");
        }

        @Override
        public synchronized void quit() {
            calls.add("quit");
            quit.countDown();
        }
    }

    @Test
    void keysCallTheirActionsAndTheStatusLineShowsCounts() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Recorder r = new Recorder();
        AtomicLong received = new AtomicLong(7);
        try (Terminal t = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm").build()) {
            t.setSize(new Size(120, 30));
            try (ListenConsole console = ListenConsole.start(t, false, "http://127.0.0.1:3000/webhook",
                    () -> new ListenConsole.Counts(received.get(), 5, 2, 4), r, "off", false)) {
                assertThat(console.active()).isTrue();
                await(screen, "7 received");
                assertThat(text(screen)).contains("http://127.0.0.1:3000/webhook", "5 verified", "2 rejected", "4 forwarded",
                        "r replay last");
                console.println("a delivery line");
                keys.write('f');
                keys.flush();
                awaitStatus(console, "failure 500");
                for (char c : "xfvrfc".toCharArray()) {
                    keys.write(c);
                    keys.flush();
                    Thread.sleep(60);
                }
                awaitStatus(console, "verbose on");
                assertThat(console.statusText()).contains("failure off");
                received.set(8);
                awaitStatus(console, "8 received");
                assertThat(console.statusText()).contains("verbose on", "c clear · q quit");
                keys.write('q');
                keys.flush();
                assertThat(r.quit.await(5, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(r.calls).containsExactly("failure 500", "failure timeout", "verbose true", "replay", "failure off",
                "clear", "quit");
        assertThat(text(screen)).contains("a delivery line", "replayed d_1: 200");
    }

    @Test
    void doesNothingOnATerminalThatCannotKeepAStatusLine() throws Exception {
        try (Terminal t = TerminalBuilder.builder().system(false).streams(new PipedInputStream(new PipedOutputStream()),
                new ByteArrayOutputStream()).type(Terminal.TYPE_DUMB).build()) {
            ListenConsole c = ListenConsole.start(t, false, "x", () -> new ListenConsole.Counts(0, 0, 0, 0), new Recorder(), "off", false);
            assertThat(c.active()).isFalse();
            c.println("ignored");
            c.close();
        }
        // Under the build, standard input is not a terminal: listen runs without the console.
        assertThat(ListenConsole.interactive()).isFalse();
    }

    static String text(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }

    static void await(ByteArrayOutputStream screen, String s) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!text(screen).contains(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("'" + s + "' not shown: " + text(screen));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theStatusLineShowsThePublicUrlAndATunnelThatIsDown() throws Exception {
        PipedInputStream in = new PipedInputStream(new PipedOutputStream());
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm").build()) {
            t.setSize(new Size(160, 30));
            try (ListenConsole console = ListenConsole.start(t, false,
                    "http://127.0.0.1:3000/webhook ⇄ https://words.trycloudflare.com/webhook",
                    () -> new ListenConsole.Counts(0, 0, 0, 0), new Recorder(), "off", false)) {
                awaitStatus(console, "⇄ https://words.trycloudflare.com/webhook");
                console.tunnel("tunnel down");
                awaitStatus(console, "/webhook  tunnel down");
                console.tunnel(null);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (console.statusText().contains("tunnel down") && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(console.statusText()).doesNotContain("tunnel down");
            }
        }
    }

    static void awaitStatus(ListenConsole console, String s) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!console.statusText().contains(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("'" + s + "' not in the status line: " + console.statusText());
            }
            Thread.sleep(20);
        }
    }
}
