package dev.hooks.term;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import org.jline.utils.Status;

/**
 * The keys and status line of {@code hooks listen} on a terminal: a line kept at the bottom with the address and
 * counts, and single keys read in raw mode: {@code r} replay the last delivery, {@code f} cycle the simulated
 * failure, {@code v} toggle verbose output, {@code c} clear the screen, {@code q} quit. When standard input or
 * output is not a terminal, {@link #start} returns a console that does nothing, so scripts and pipes are unaffected.
 *
 * <p>Output meant for the scrolling part goes through {@link #println}, which keeps the status line in place.
 */
public class ListenConsole implements AutoCloseable {
    /** The counts shown in the status line. */
    public record Counts(long received, long verified, long rejected, long forwarded) {}

    /** What the keys do. Each is called on the console's own thread. */
    public interface Keys {
        /** {@code r}: replay the last delivery; returns a one-line outcome to show. */
        String replayLast();

        /** {@code f}: move to the next simulated failure (off, 500, timeout); returns its name. */
        String cycleFailure();

        /** {@code v}: toggle verbose output; returns whether it is now on. */
        boolean toggleVerbose();

        /** {@code c}: the screen was cleared; forget anything shown. */
        void clear();

        /** {@code q} (or Ctrl-C read as a key): stop listening. */
        void quit();
    }

    private static final ListenConsole OFF = new ListenConsole();

    private final Terminal terminal;
    private final boolean ownsTerminal;
    private final String address;
    private final Supplier<Counts> counts;
    private final Keys keys;
    private final Status status;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String failure = "off";
    private volatile boolean verbose;
    private volatile String note = "";
    private volatile String shown = "";
    private final boolean colour;
    private volatile String tunnel;

    private ListenConsole() {
        colour = false;
        terminal = null;
        ownsTerminal = false;
        address = null;
        counts = null;
        keys = null;
        status = null;
        thread = null;
        running.set(false);
    }

    private ListenConsole(Terminal terminal, boolean ownsTerminal, String address, Supplier<Counts> counts, Keys keys,
            String failure, boolean verbose, boolean colour) {
        this.colour = colour;
        this.terminal = terminal;
        this.ownsTerminal = ownsTerminal;
        this.address = address;
        this.counts = counts;
        this.keys = keys;
        this.failure = failure;
        this.verbose = verbose;
        this.status = Status.getStatus(terminal, true);
        this.thread = new Thread(this::loop, "hooks-listen-keys");
        this.thread.setDaemon(true);
    }

    /** A console that does nothing (no terminal). */
    public static ListenConsole off() {
        return OFF;
    }

    /**
     * Takes over the process's terminal, or returns a console that does nothing when there is none (standard
     * input or output redirected).
     */
    public static ListenConsole start(String address, Supplier<Counts> counts, Keys keys, String failure, boolean verbose,
            boolean colour) {
        Terminal shells = Shell.commandTerminal();
        if (shells != null) { // inside hooks shell: its terminal, which stays the shell's when listen ends
            return start(shells, false, address, counts, keys, failure, verbose, colour);
        }
        if (!interactive()) {
            return OFF;
        }
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).nativeSignals(true).name("hooks").build();
            return start(t, true, address, counts, keys, failure, verbose, colour);
        } catch (IOException | IllegalStateException e) {
            return OFF;
        }
    }

    /** Whether standard input and output are a terminal (System.console() alone says so on Java 17 to 21 only). */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only for a terminal
        }
    }

    /** Takes over {@code terminal} (the test seam); returns a console that does nothing when it cannot move the cursor. */
    public static ListenConsole start(Terminal terminal, boolean ownsTerminal, String address, Supplier<Counts> counts,
            Keys keys, String failure, boolean verbose) {
        return start(terminal, ownsTerminal, address, counts, keys, failure, verbose, true);
    }

    /**
     * As {@link #start(Terminal, boolean, String, Supplier, Keys, String, boolean)}, the status line in colour or not
     * (NO_COLOR). Ctrl-C does what {@code q} does: a clean stop, with the summary and the terminal given back.
     */
    public static ListenConsole start(Terminal terminal, boolean ownsTerminal, String address, Supplier<Counts> counts,
            Keys keys, String failure, boolean verbose, boolean colour) {
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                || terminal.getStringCapability(Capability.change_scroll_region) == null) {
            return OFF;
        }
        ListenConsole c = new ListenConsole(terminal, ownsTerminal, address, counts, keys, failure, verbose, colour);
        terminal.handle(Terminal.Signal.INT, signal -> c.handle(3));
        c.thread.start();
        return c;
    }

    /** Whether the console is attached to a terminal (false for the do-nothing console). */
    public boolean active() {
        return terminal != null;
    }

    /** Shows the tunnel's trouble after the address ({@code "tunnel down"}), or nothing when it is null. */
    public void tunnel(String state) {
        tunnel = state;
    }

    /** Takes {@code note} (what a key said it is doing) off the status line, once that is done. */
    public void settled(String done) {
        if (terminal == null) {
            return;
        }
        synchronized (this) {
            if (note.equals(done)) {
                note = "";
                redraw();
            }
        }
    }

    /** Prints a line above the status line. */
    public void println(String line) {
        if (terminal == null) {
            return;
        }
        synchronized (this) {
            PrintWriter w = terminal.writer();
            w.println(line);
            w.flush();
            redraw();
        }
    }

    private void loop() {
        var attributes = terminal.enterRawMode();
        try {
            NonBlockingReader in = terminal.reader();
            long lastDraw = 0;
            while (running.get()) {
                long now = System.nanoTime();
                if (now - lastDraw > 1_000_000_000L) {
                    synchronized (this) {
                        redraw();
                    }
                    lastDraw = now;
                }
                int c = in.read(200);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    break;
                }
                handle(c);
                lastDraw = 0;
            }
        } catch (IOException e) {
            // the terminal went away: nothing more to read
        } finally {
            terminal.setAttributes(attributes);
        }
    }

    void handle(int c) {
        switch (Character.toLowerCase((char) c)) {
            case 'r' -> note = keys.replayLast();
            case 'f' -> {
                failure = keys.cycleFailure();
                note = "simulated failure: " + failure;
            }
            case 'v' -> {
                verbose = keys.toggleVerbose();
                note = "verbose " + (verbose ? "on" : "off");
            }
            case 'c' -> {
                synchronized (this) {
                    terminal.puts(Capability.clear_screen);
                    terminal.flush();
                    status.reset();
                }
                keys.clear();
                note = "";
            }
            case 'q', 3 -> {
                note = "stopping";
                running.set(false);
                keys.quit();
            }
            default -> {
                return;
            }
        }
        synchronized (this) {
            redraw();
        }
    }

    private void redraw() {
        Counts n = counts.get();
        AttributedStringBuilder top = new AttributedStringBuilder();
        top.style(fg(AttributedStyle.GREEN)).append("● ");
        top.style(AttributedStyle.BOLD).append(address);
        String t = tunnel;
        if (t != null) {
            top.style(fg(AttributedStyle.RED).bold()).append("  ").append(t);
        }
        top.style(AttributedStyle.DEFAULT).append("   ");
        count(top, n.received(), "received", AttributedStyle.DEFAULT);
        count(top, n.verified(), "verified", fg(AttributedStyle.GREEN));
        count(top, n.rejected(), "rejected", n.rejected() > 0 ? fg(AttributedStyle.RED) : AttributedStyle.DEFAULT);
        count(top, n.forwarded(), "forwarded", AttributedStyle.DEFAULT);
        top.style(AttributedStyle.DEFAULT).append(" failure ");
        top.style(failure.equals("off") ? AttributedStyle.DEFAULT : fg(AttributedStyle.RED).bold())
                .append(failure);
        top.style(AttributedStyle.DEFAULT).append(" · verbose ").append(verbose ? "on" : "off");
        AttributedStringBuilder help = new AttributedStringBuilder();
        help.style(AttributedStyle.DEFAULT.faint())
                .append("r replay last · f failure · v verbose · c clear · q quit");
        if (!note.isEmpty()) {
            help.style(AttributedStyle.DEFAULT).append("   ").append(note);
        }
        int width = Math.max(20, terminal.getWidth());
        List<AttributedString> lines = List.of(top.toAttributedString().columnSubSequence(0, width),
                help.toAttributedString().columnSubSequence(0, width));
        shown = lines.get(0) + "\n" + lines.get(1);
        status.update(lines);
    }

    /** A foreground colour, or no style at all under NO_COLOR. */
    private AttributedStyle fg(int colourIndex) {
        return colour ? AttributedStyle.DEFAULT.foreground(colourIndex) : AttributedStyle.DEFAULT;
    }

    private static void count(AttributedStringBuilder b, long n, String label, AttributedStyle style) {
        b.style(style.bold()).append(Long.toString(n)).style(AttributedStyle.DEFAULT).append(" ").append(label).append("  ");
    }

    /** The status line as last drawn, as plain text. */
    String statusText() {
        return shown;
    }

    /** Removes the status line, gives the terminal back as it was, and stops reading keys. */
    @Override
    public void close() {
        if (terminal == null) {
            return;
        }
        running.set(false);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            status.update(List.of());
            status.close();
            terminal.flush();
        }
        if (ownsTerminal) {
            try {
                terminal.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
    }
}
