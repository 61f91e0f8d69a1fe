package dev.hooks.scheme;

import java.time.Duration;
import java.util.Optional;

/** Parses the durations users write: {@code 300}, {@code 300s}, {@code 250ms}, {@code 5m}, {@code 1h}, {@code 2d}. */
public final class Durations {
    private Durations() {}

    public static Optional<Duration> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return Optional.empty();
        }
        double n;
        try {
            n = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String unit = t.substring(i).strip();
        double millis;
        switch (unit) {
            case "": case "s": case "sec": case "secs": case "second": case "seconds": millis = n * 1000; break;
            case "ms": millis = n; break;
            case "m": case "min": case "mins": case "minute": case "minutes": millis = n * 60_000; break;
            case "h": case "hour": case "hours": millis = n * 3_600_000; break;
            case "d": case "day": case "days": millis = n * 86_400_000; break;
            default: return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    /** Short human form: 0s, 90s, 5m, 1h30m, 250ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (s >= 86_400 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
