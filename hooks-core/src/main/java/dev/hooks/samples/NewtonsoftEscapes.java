package dev.hooks.samples;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Newtonsoft.Json's default string escaping: {@code \b \t \n \f \r \" \\} by name, other control
 * characters and U+0085, U+2028, U+2029 as <code>&#92;u00xx</code> with lowercase hex; everything else,
 * including non-ASCII, verbatim. Jackson's own escaping differs only in the hex case and the three
 * non-ASCII line separators.
 */
final class NewtonsoftEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    NewtonsoftEscapes() {
        ascii = standardAsciiEscapesForJSON();
        for (int c = 0; c < ascii.length; c++) {
            if (ascii[c] == ESCAPE_STANDARD) {
                ascii[c] = ESCAPE_CUSTOM;
            }
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 0x20 || ch == 0x85 || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
