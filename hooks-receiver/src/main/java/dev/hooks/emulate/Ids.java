package dev.hooks.emulate;

import java.security.SecureRandom;

/** Fresh ids and secrets for emulated objects. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    /** A prefixed random id such as {@code wh_3kq…}; {@code hex} ids are 32 hex digits (a GUID written as "N"). */
    static String id(String style) {
        return switch (style) {
            case "aspnet" -> random(HEX, 32);
            case "teal", "paxos" -> java.util.UUID.randomUUID().toString();
            default -> "wh_" + random(ALNUM, 24);
        };
    }

    static String delivery() {
        return "del_" + random(ALNUM, 24);
    }

    static String secret(String prefix) {
        return prefix + random(ALNUM, 32);
    }

    static String random(char[] alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
