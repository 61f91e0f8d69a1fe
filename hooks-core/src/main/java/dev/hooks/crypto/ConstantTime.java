package dev.hooks.crypto;

import java.security.MessageDigest;

/** Comparisons whose running time does not depend on where two secrets differ. */
public final class ConstantTime {
    private ConstantTime() {}

    /** True when both arrays hold the same bytes; time depends only on the lengths. */
    public static boolean equals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
