package dev.hooks.testing;

import java.util.Locale;
import java.util.Set;

/** Whether a help text or a one-line message stops mid-sentence ("...; sending without", "...credentials did not."). */
public final class Sentences {
    /** Words a finished sentence does not end on: they promise more. */
    private static final Set<String> DANGLING = Set.of("a", "an", "the", "and", "or", "but", "nor", "of", "to", "for",
            "from", "with", "without", "by", "in", "on", "at", "into", "than", "as", "not",
            "can", "cannot", "will", "would", "should", "must", "its", "their", "your",
            "if", "when", "while", "because", "that", "which", "whose", "e.g.", "i.e.");

    private Sentences() {}

    /** Why {@code text} is unfinished, or null when it is a finished sentence. */
    public static String unfinished(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        String last = t.substring(t.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
        String word = last.replaceAll("[.,;:!?)\"']+$", "");
        if (DANGLING.contains(word) || DANGLING.contains(last)) {
            return "ends on '" + last + "', mid-sentence: " + t;
        }
        if (t.endsWith(",") || t.endsWith(";") || t.endsWith("(")) {
            return "ends on '" + t.charAt(t.length() - 1) + "', mid-sentence: " + t;
        }
        return null;
    }
}
