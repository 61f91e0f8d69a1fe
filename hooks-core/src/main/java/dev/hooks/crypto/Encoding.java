package dev.hooks.crypto;

import java.util.Base64;
import java.util.Optional;

/** Hex and base64 codecs that report malformed input as an empty result instead of throwing. */
public final class Encoding {
    private static final char[] LOWER = "0123456789abcdef".toCharArray();

    private Encoding() {}

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = LOWER[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = LOWER[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Decodes hex in either case; empty when the text is not hex of whole bytes. */
    public static Optional<byte[]> fromHex(String text) {
        if (text.length() % 2 != 0) {
            return Optional.empty();
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return Optional.of(out);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes standard base64 (padding optional) or, failing that, the URL-safe alphabet. */
    public static Optional<byte[]> fromBase64(String text) {
        String t = text.strip();
        try {
            return Optional.of(Base64.getDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            try {
                return Optional.of(Base64.getUrlDecoder().decode(t));
            } catch (IllegalArgumentException e2) {
                return Optional.empty();
            }
        }
    }
}
