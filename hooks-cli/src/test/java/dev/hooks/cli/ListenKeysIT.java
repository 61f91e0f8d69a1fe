package dev.hooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.testing.Tmux;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks listen} from the jar under a real pseudo-terminal (tmux): the status line counts deliveries sent with
 * {@code hooks send}, and the keys switch simulated failures, verbose output, replay the last delivery and quit.
 */
class ListenKeysIT {
    static final Path JAR = dev.hooks.testing.Project.jar();
    static final String SECRET = "whsec_keys-test-secret";

    @TempDir
    Path home;

    CliRun send(String url, String... extra) {
        String[] args = {"send", "invoice.paid", "--provider", "stripe", "--secret", SECRET, "--to", url};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return CliRun.run(home, null, all);
    }

    /** {@code hooks listen} from the jar in tmux, with {@code options}, its history in history.db. */
    Tmux listen(String options) throws Exception {
        return Tmux.start(home, Map.of("HOME", home.toString(), "NO_COLOR", "1"), "java -jar " + JAR + " listen" + options
                + " --port 0 --provider stripe --secret " + SECRET + " --store " + home.resolve("history.db"));
    }

    /** r: the last delivery is replayed to {@code url}, answered 200 and recorded. */
    static void pressRAndAwaitTheReplayTo(Tmux t, String url) throws Exception {
        t.type("r");
        t.await("the replay's answer", s -> s.matches("(?s).*replayed d_\\w+ to " + Pattern.quote(url)
                + ": 200 in \\d+ ms \\(recorded as d_\\w+\\).*"), 10_000);
    }

    @Test
    void statusLineCountsAndKeysFailReplayVerboseAndQuit() throws Exception {
        Path store = home.resolve("history.db");
        try (Tmux t = listen("")) {
            String screen = t.awaitText("q quit", 15_000);
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/webhook").matcher(screen);
            assertThat(m.find()).as(screen).isTrue();
            String url = m.group(1) + "/webhook";
            assertThat(screen).contains("● " + url).contains("0 received").contains("failure off").contains("verbose off");

            send(url).succeeds();
            t.awaitText("1 received  1 verified  0 rejected  0 forwarded", 5_000);

            // f: the next delivery is answered with the simulated failure.
            t.type("f");
            t.awaitText("failure 500", 5_000);
            CliRun failed = send(url);
            assertThat(failed.exitCode()).isNotZero();
            assertThat(failed.out() + failed.err()).contains("500");
            t.awaitText("simulated failure (switched on with f)", 5_000);

            // f again: a timeout, the answer held past the sender's patience.
            t.type("f");
            t.awaitText("failure timeout", 5_000);
            long start = System.nanoTime();
            CliRun timedOut = send(url, "--timeout", "1s");
            assertThat(timedOut.exitCode()).isNotZero();
            assertThat(timedOut.out() + timedOut.err()).contains("timeout");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);

            // f again: off; v: the next delivery is shown with its headers.
            t.type("f");
            t.awaitText("failure off", 5_000);
            t.type("v");
            t.awaitText("verbose on", 5_000);
            send(url).succeeds();
            t.awaitText("Stripe-Signature: t=", 5_000);

            // r: the last delivery is sent again (back to the listener, as there is no --forward-to) and arrives.
            pressRAndAwaitTheReplayTo(t, url);
            t.awaitText("duplicate", 5_000);
            // Once the replay has ended, the key's "replaying ..." hint leaves the status line.
            long hintGone = System.nanoTime() + 5_000_000_000L;
            while (t.visible().contains("replaying d_") && System.nanoTime() < hintGone) {
                Thread.sleep(50);
            }
            assertThat(t.visible()).as("the status line after the replay").doesNotContain("replaying d_");

            // c: the deliveries shown so far are cleared away; the status line stays.
            assertThat(t.visible()).contains("invoice.paid");
            t.type("c");
            // The clear and the status line's redraw are two writes: wait for the screen that has had both.
            long until = System.nanoTime() + 10_000_000_000L;
            String visible = t.visible();
            while ((visible.contains("invoice.paid") || !visible.contains("q quit")) && System.nanoTime() < until) {
                Thread.sleep(50);
                visible = t.visible();
            }
            assertThat(visible).doesNotContain("invoice.paid").contains("q quit");

            // q: the same clean stop as Ctrl-C, with the summary; the held delivery is answered at once.
            t.type("q");
            t.awaitExit(15_000);
            assertThat(t.exitStatus()).isZero();
            String end = t.screen();
            assertThat(end).contains("hooks: stopped. received 5, verified 5, rejected 0, forwarded 0, simulated failures 2");
            assertThat(t.visible()).doesNotContain("q quit"); // the status line is gone (c pushed an old one into scrollback)
        }
        CliRun replays = CliRun.run(home, null, "events", "list", "--store", store.toString(), "--kind", "replay",
                "--format", "json").succeeds();
        assertThat(replays.out()).contains("\"kind\":\"replay\"").contains("\"forward_status\":200");
        // The timed-out delivery was let go when q stopped the listener, well before its 60 s: the history says so.
        CliRun timeouts = CliRun.run(home, null, "events", "list", "--store", store.toString(), "--format", "json")
                .succeeds();
        assertThat(timeouts.out().lines().filter(l -> l.contains("\"status\":504")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("released early as the listener stopped")
                        .doesNotContain("held 60 s"));
    }

    @Test
    void onEveryInterfaceRReplaysToLoopbackWhereTheListenerAnswers() throws Exception {
        try (Tmux t = listen(" --host 0.0.0.0")) {
            String screen = t.awaitText("q quit", 15_000);
            Matcher m = Pattern.compile("listening on http://0\\.0\\.0\\.0:(\\d+)/webhook").matcher(screen);
            assertThat(m.find()).as(screen).isTrue();
            String url = "http://127.0.0.1:" + m.group(1) + "/webhook";
            send(url).succeeds();
            t.awaitText("1 received  1 verified", 5_000);

            // r: not to the wildcard address 0.0.0.0 (no address to connect to), to loopback, which the bind includes.
            pressRAndAwaitTheReplayTo(t, url);
            t.awaitText("2 received  2 verified", 5_000);
            t.type("q");
            t.awaitExit(15_000);
            assertThat(t.exitStatus()).isZero();
        }
    }

    @Test
    void ctrlCStopsLikeQWithTheSummaryAndGivesTheWholeTerminalBack() throws Exception {
        try (Tmux t = listen("")) {
            t.awaitText("q quit", 15_000);
            assertThat(t.format("#{scroll_region_lower}")).as("the status line holds the bottom rows")
                    .isNotEqualTo(Integer.toString(Integer.parseInt(t.format("#{pane_height}")) - 1));
            t.keys("C-c");
            t.awaitExit(15_000);
            assertThat(t.exitStatus()).isZero();
            assertThat(t.screen()).contains("hooks: stopped. received 0");
            assertThat(t.visible()).doesNotContain("q quit");
            assertThat(t.format("#{scroll_region_upper} #{scroll_region_lower}")).as("the scroll region is the whole pane")
                    .isEqualTo("0 " + (Integer.parseInt(t.format("#{pane_height}")) - 1));
        }
    }

    @Test
    void underNoColourTheStatusLineHasNoColour() throws Exception {
        try (Tmux t = listen("")) {
            t.awaitText("q quit", 15_000);
            String status = t.visibleWithAttributes().lines().filter(l -> l.contains("received")).findFirst().orElseThrow();
            Matcher sgr = Pattern.compile("\u001b\\[([0-9;]*)m").matcher(status);
            while (sgr.find()) {
                for (String p : sgr.group(1).split(";")) {
                    int n = p.isEmpty() ? 0 : Integer.parseInt(p);
                    boolean colour = (n >= 30 && n <= 48 || n >= 90 && n <= 107) && n != 39; // 39: the default colour
                    assertThat(colour).as("colour %s in %s", n, status).isFalse();
                }
            }
            t.type("q");
            t.awaitExit(15_000);
        }
    }
}
