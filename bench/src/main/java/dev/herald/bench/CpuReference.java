package dev.herald.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed piece of single-threaded work, timed on the load tool's machine before a scenario: the
 * 2-core machines these figures come from differ in speed from one session to the next (measured:
 * several times, at the same core count), so results are comparable only between runs whose
 * reference is close.
 */
final class CpuReference {

    private static final int MIB = 1 << 20;
    // Where the digests go, so that the work cannot be left out.
    static volatile byte consumed;

    private CpuReference() {}

    /** Milliseconds to SHA-256 64 MiB, the best of five tries (the first ones pay for the JIT). */
    static double millis() throws NoSuchAlgorithmException {
        byte[] block = new byte[MIB];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31);
        }
        long best = Long.MAX_VALUE;
        byte sink = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long start = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                sha.update(block);
            }
            sink ^= sha.digest()[0];
            best = Math.min(best, System.nanoTime() - start);
        }
        consumed = sink;
        return Math.round(best / 10_000.0) / 100.0;
    }
}
