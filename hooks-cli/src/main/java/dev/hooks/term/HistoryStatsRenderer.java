package dev.hooks.term;

import dev.hooks.store.HistoryStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code hooks events stats} as text, and sizes as people read them. */
public final class HistoryStatsRenderer {
    private HistoryStatsRenderer() {
    }

    /** A size in bytes with a decimal unit: {@code 512 B}, {@code 12.3 kB}, {@code 4.2 MB}, {@code 1.1 GB}. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** The stats as aligned lines: the history, deliveries, oldest and newest, by provider, by verdict, on disk. */
    public static List<String> lines(HistoryStats s) {
        List<String> out = new ArrayList<>();
        out.add("history      " + s.store());
        out.add("deliveries   " + s.deliveries());
        out.add("oldest       " + (s.oldest() == null ? "-" : s.oldest()));
        out.add("newest       " + (s.newest() == null ? "-" : s.newest()));
        Map<String, Object> f = s.fields();
        out.add("by provider  " + counts(f.get("by_provider")));
        out.add("by verdict   " + counts(f.get("by_verdict")));
        out.add("on disk      " + size(s.bytes()) + (s.file() ? " (file " + size(s.fileBytes()) + ", write-ahead log "
                + size(s.walBytes()) + "; " + size(s.freeBytes()) + " free, reused by new deliveries)"
                : " (its tables with their indexes and TOAST, pg_total_relation_size)"));
        return out;
    }

    private static String counts(Object map) {
        List<String> parts = new ArrayList<>();
        ((Map<?, ?>) map).forEach((k, v) -> parts.add(k + " " + v));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
