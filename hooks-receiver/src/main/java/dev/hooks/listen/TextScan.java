package dev.hooks.listen;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;

/**
 * Whether a text holds any of a set of byte strings, in one pass over the text whatever the size of the set
 * (Aho-Corasick): made once when the set changes, then read by any number of threads. Texts are bytes, or strings
 * read as their UTF-8 bytes without encoding them first. With {@code foldCase}, ASCII letters of the text match
 * either case (the patterns are then given in lower case).
 */
final class TextScan {
    /** The first state's moves, one per byte: the state most texts stay in, so it is a plain table. */
    private final int[] first = new int[256];
    /** Each state's moves, sorted by byte: {@code bytes[edges[s] .. edges[s + 1])} lead to {@code targets[..]}. */
    private final int[] edges;
    private final byte[] bytes;
    private final int[] targets;
    /** Where a state falls back to when its next byte leads nowhere: its longest proper suffix in the trie. */
    private final int[] fallback;
    /** Whether reaching a state means a pattern has ended (itself or one of its suffixes). */
    private final boolean[] ends;
    private final boolean foldCase;
    private final boolean empty;
    /**
     * Every state's move for every byte, fallbacks taken, when the set is small enough ({@link #TABLE_STATES}): one
     * array read a byte. Null for a larger set, which moves by {@link #edges} and {@link #fallback} instead.
     */
    private final int[] table;
    /** The most states given a {@link #table}: 2048 states of 256 moves take 2 MB. */
    static final int TABLE_STATES = 2048;

    TextScan(Collection<byte[]> patterns, boolean foldCase) {
        this.foldCase = foldCase;
        // The trie, as linked lists of children while it is built.
        int capacity = 1;
        for (byte[] p : patterns) {
            capacity += p.length;
        }
        int[] child = new int[capacity];
        int[] sibling = new int[capacity];
        byte[] label = new byte[capacity];
        boolean[] terminal = new boolean[capacity];
        Arrays.fill(child, -1);
        Arrays.fill(sibling, -1);
        int states = 1;
        boolean any = false;
        for (byte[] p : patterns) {
            if (p.length == 0) {
                continue;
            }
            any = true;
            int s = 0;
            for (byte b : p) {
                int c = child[s];
                while (c >= 0 && label[c] != b) {
                    c = sibling[c];
                }
                if (c < 0) {
                    c = states++;
                    label[c] = b;
                    sibling[c] = child[s];
                    child[s] = c;
                }
                s = c;
            }
            terminal[s] = true;
        }
        this.empty = !any;
        // Flattened: each state's children side by side, sorted by byte.
        edges = new int[states + 1];
        bytes = new byte[Math.max(0, states - 1)];
        targets = new int[Math.max(0, states - 1)];
        int e = 0;
        for (int s = 0; s < states; s++) {
            edges[s] = e;
            int from = e;
            for (int c = child[s]; c >= 0; c = sibling[c]) {
                bytes[e] = label[c];
                targets[e] = c;
                e++;
            }
            sortEdges(from, e);
        }
        edges[states] = e;
        // Fallbacks, breadth first: a state's is reached from its parent's fallback by the same byte.
        fallback = new int[states];
        ends = new boolean[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = edges[0]; i < edges[1]; i++) {
            int c = targets[i];
            first[bytes[i] & 0xff] = c;
            fallback[c] = 0;
            ends[c] = terminal[c];
            queue.add(c);
        }
        int[] order = new int[states];
        int ordered = 1; // the first state, then the others breadth first: a state's fallback always comes before it
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[ordered++] = s;
            for (int i = edges[s]; i < edges[s + 1]; i++) {
                int c = targets[i];
                fallback[c] = next(fallback[s], bytes[i]);
                ends[c] = terminal[c] || ends[fallback[c]];
                queue.add(c);
            }
        }
        if (states <= TABLE_STATES) {
            int[] t = new int[states * 256];
            System.arraycopy(first, 0, t, 0, 256);
            for (int k = 1; k < states; k++) {
                int s = order[k];
                System.arraycopy(t, fallback[s] * 256, t, s * 256, 256);
                for (int i = edges[s]; i < edges[s + 1]; i++) {
                    t[s * 256 + (bytes[i] & 0xff)] = targets[i];
                }
            }
            table = t;
        } else {
            table = null;
        }
    }

    private void sortEdges(int from, int to) {
        for (int i = from + 1; i < to; i++) { // insertion sort: most states have one child, the root a few dozen
            byte b = bytes[i];
            int t = targets[i];
            int j = i - 1;
            while (j >= from && (bytes[j] & 0xff) > (b & 0xff)) {
                bytes[j + 1] = bytes[j];
                targets[j + 1] = targets[j];
                j--;
            }
            bytes[j + 1] = b;
            targets[j + 1] = t;
        }
    }

    /** Whether the set is empty: no text holds any of it. */
    boolean isEmpty() {
        return empty;
    }

    private int next(int state, byte b) {
        if (table != null) {
            return table[state << 8 | b & 0xff];
        }
        while (true) {
            if (state == 0) {
                return first[b & 0xff];
            }
            for (int i = edges[state], end = edges[state + 1]; i < end; i++) {
                if (bytes[i] == b) {
                    return targets[i];
                }
            }
            state = fallback[state];
        }
    }

    private byte fold(int b) {
        return (byte) (foldCase && b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    }

    /** Whether {@code text} holds any of the patterns. */
    boolean in(byte[] text) {
        if (empty) {
            return false;
        }
        int s = 0;
        for (byte b : text) {
            s = next(s, fold(b));
            if (ends[s]) {
                return true;
            }
        }
        return false;
    }

    /** Whether the UTF-8 bytes of {@code text} hold any of the patterns (as {@link String#getBytes} would make them). */
    boolean in(CharSequence text) {
        if (empty || text == null) {
            return false;
        }
        int s = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                s = next(s, fold(c));
                if (ends[s]) {
                    return true;
                }
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, text.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = '?'; // as String.getBytes writes a lone surrogate
            }
            int count = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            for (int k = 0; k < count; k++) {
                int b;
                if (count == 1) {
                    b = c;
                } else if (k == 0) {
                    b = (0xF0 << (4 - count)) & 0xFF | c >> (6 * (count - 1));
                } else {
                    b = 0x80 | (c >> (6 * (count - 1 - k))) & 0x3F;
                }
                s = next(s, fold(b));
                if (ends[s]) {
                    return true;
                }
            }
        }
        return false;
    }
}
