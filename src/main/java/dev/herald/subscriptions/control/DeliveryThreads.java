package dev.herald.subscriptions.control;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The few threads that write to subscribers and send heartbeats, made by the container's
 * {@code ManagedThreadFactory}. No thread belongs to a connection: a stream's pending events are
 * written by whichever delivery thread drains it, so a slow subscriber holds up no one else.
 */
@ApplicationScoped
public class DeliveryThreads {

    private static final Logger LOG = Logger.getLogger(DeliveryThreads.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    HeraldConfig config;

    /** A write blocked this long is taken to be a client that stopped reading: its thread is replaced meanwhile. */
    static final Duration BLOCKED_WRITE = Duration.ofMillis(500);
    /** At most this many threads added for blocked writes at once (clients stalled at the same moment). */
    static final int MAX_REPLACED = 256;

    private ThreadPoolExecutor writers;
    private ScheduledThreadPoolExecutor timers;
    private BlockedWrites blocked;

    @PostConstruct
    void start() {
        int size = config.deliveryThreads();
        writers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        timers = new ScheduledThreadPoolExecutor(1, threadFactory);
        timers.setRemoveOnCancelPolicy(true);
        blocked = new BlockedWrites(writers, BLOCKED_WRITE.toNanos(), MAX_REPLACED);
        long every = BLOCKED_WRITE.toMillis() / 2;
        timers.scheduleWithFixedDelay(this::replaceBlockedWriters, every, every, TimeUnit.MILLISECONDS);
    }

    private void replaceBlockedWriters() {
        try {
            int added = blocked.replaceBlocked(System.nanoTime());
            if (added > 0) {
                LOG.fine(() -> added + " delivery threads added for writes blocked on clients that stopped reading");
            }
        } catch (RuntimeException failure) {
            // A failed periodic task is never run again: this one must go on.
            LOG.log(Level.WARNING, "replacing blocked delivery threads failed", failure);
        }
    }

    public Executor writers() {
        return writers;
    }

    /** Runs a write that may block on a client's full socket (on a writer thread): see {@link BlockedWrites}. */
    public <T> T mayBlock(Supplier<T> write) {
        return blocked.run(write);
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    /** Lets the writes already handed over finish, up to {@code timeout}; later ones run on their caller. */
    public boolean finishWrites(Duration timeout) {
        writers.shutdown();
        try {
            return writers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        writers.shutdown();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdownNow();
    }
}
