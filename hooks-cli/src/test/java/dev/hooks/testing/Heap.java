package dev.hooks.testing;

/** The test JVM's heap in use after a collection: what a test that attacks an in-process listener bounds. */
public final class Heap {
    private Heap() {}

    /** Bytes of heap in use after asking for a full collection (twice, so that finalizable garbage goes too). */
    public static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static long mib(long n) {
        return n * 1024 * 1024;
    }
}
