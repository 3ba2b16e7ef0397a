package dev.herald.bench;

/**
 * Epoch microseconds read from {@link System#nanoTime}: the publisher stamps {@code sentAt} and the
 * subscribers read the arrival on the same monotonic clock, finer than the wall clock's milliseconds.
 */
final class Micros {

    private static final long BASE_NANOS = System.nanoTime();
    private static final long BASE_MICROS = System.currentTimeMillis() * 1000;

    private Micros() {}

    static long now() {
        return of(System.nanoTime());
    }

    static long of(long nanoTime) {
        return BASE_MICROS + (nanoTime - BASE_NANOS) / 1000;
    }
}
