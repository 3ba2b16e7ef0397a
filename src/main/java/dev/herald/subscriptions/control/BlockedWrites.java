package dev.herald.subscriptions.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keeps clients that stop reading from taking the delivery threads away from everyone else. Once
 * a client's socket buffers are full, a write to it blocks its thread until the client reads or the
 * container's write timeout fails it (10 s as configured). Measured before this: 20 stalled readers
 * among 2,000 streams held all 16 delivery threads, and the healthy streams' p99 went from 17 ms to
 * 17.6 s. Now every write blocked longer than a threshold gets a thread added to the pool for as long
 * as it blocks: the pool keeps its free threads, and it grows only with the clients stalled right now
 * (each is dropped after the write timeout), never with the number of connections.
 */
final class BlockedWrites {

    private final ThreadPoolExecutor pool;
    private final long thresholdNanos;
    private final int maxExtra;
    private final Map<Thread, Write> inProgress = new ConcurrentHashMap<>();
    private int extra;

    BlockedWrites(ThreadPoolExecutor pool, long thresholdNanos, int maxExtra) {
        this.pool = pool;
        this.thresholdNanos = thresholdNanos;
        this.maxExtra = maxExtra;
    }

    /** Runs a write that may block on a client's full socket. */
    <T> T run(Supplier<T> write) {
        Thread thread = Thread.currentThread();
        Write current = new Write(System.nanoTime());
        inProgress.put(thread, current);
        try {
            return write.get();
        } finally {
            inProgress.remove(thread);
            if (current.finish()) {
                shrink();
            }
        }
    }

    /** Adds a thread for each write blocked longer than the threshold at {@code nowNanos}; returns how many it added. */
    int replaceBlocked(long nowNanos) {
        int added = 0;
        for (Write write : inProgress.values()) {
            if (write.replaceIfBlocked(nowNanos, thresholdNanos, this::grow)) {
                added++;
            }
        }
        return added;
    }

    /** Threads added for writes blocked right now. */
    synchronized int extraThreads() {
        return extra;
    }

    private synchronized boolean grow() {
        if (extra >= maxExtra) {
            return false;
        }
        extra++;
        // The maximum first: the core may never exceed it. A larger core starts a thread for the queued work.
        pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
        pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        return true;
    }

    private synchronized void shrink() {
        extra--;
        // The core first; the thread above it ends once idle.
        pool.setCorePoolSize(pool.getCorePoolSize() - 1);
        pool.setMaximumPoolSize(pool.getMaximumPoolSize() - 1);
    }

    /** One write in progress: replaced once at most, and given back by its own thread when it ends. */
    private static final class Write {
        private final long sinceNanos;
        private boolean done;
        private boolean replaced;

        Write(long sinceNanos) {
            this.sinceNanos = sinceNanos;
        }

        /** Whether a thread was added for it (the writer then takes it back). */
        synchronized boolean finish() {
            done = true;
            return replaced;
        }

        synchronized boolean replaceIfBlocked(long nowNanos, long thresholdNanos, BooleanSupplier grow) {
            if (done || replaced || nowNanos - sinceNanos < thresholdNanos || !grow.getAsBoolean()) {
                return false;
            }
            replaced = true;
            return true;
        }
    }
}
