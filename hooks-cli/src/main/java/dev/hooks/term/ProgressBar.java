package dev.hooks.term;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with carriage returns, for terminals only: callers check
 * {@link Terminal#interactive} first. Lines printed through {@link #println} appear above the bar.
 */
public final class ProgressBar {
    private final PrintWriter out;
    private final int width;
    private int drawn;

    public ProgressBar(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    /**
     * Redraws the bar.
     *
     * @param done units done
     * @param total units in all, or 0 when unknown (then {@code fraction} of the time is shown)
     * @param fraction how far along, 0..1
     * @param status text after the bar (rates, errors)
     */
    public synchronized void draw(long done, long total, double fraction, String status) {
        String count = total > 0 ? done + "/" + total : Long.toString(done);
        String pct = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(Math.min(1, fraction) * 100));
        String tail = " " + pct + " " + count + "  " + status;
        int barWidth = Math.max(10, Math.min(40, width - tail.length() - 3));
        int filled = (int) Math.round(Math.min(1, Math.max(0, fraction)) * barWidth);
        StringBuilder sb = new StringBuilder("\r[");
        sb.append("=".repeat(Math.max(0, filled - 1)));
        if (filled > 0) {
            sb.append(filled == barWidth ? '=' : '>');
        }
        sb.append(" ".repeat(barWidth - filled)).append(']').append(tail);
        String line = sb.toString();
        if (line.length() - 1 > width - 1) {
            line = line.substring(0, width);
        }
        int len = line.length() - 1;
        out.print(line);
        if (drawn > len) {
            out.print(" ".repeat(drawn - len));
        }
        drawn = Math.max(len, 0);
        out.flush();
    }

    /** Prints a line above the bar. */
    public synchronized void println(PrintWriter to, String line) {
        clear();
        to.println(line);
        to.flush();
    }

    /** Removes the bar, leaving the cursor at the start of an empty line. */
    public synchronized void clear() {
        if (drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
            drawn = 0;
        }
    }
}
