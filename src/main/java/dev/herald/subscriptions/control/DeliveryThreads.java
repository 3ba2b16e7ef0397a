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

/**
 * The few threads that write to subscribers and send heartbeats, made by the container's
 * {@code ManagedThreadFactory}. No thread belongs to a connection: a stream's pending events are
 * written by whichever delivery thread drains it, so a slow subscriber holds up no one else.
 */
@ApplicationScoped
public class DeliveryThreads {

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    HeraldConfig config;

    private ThreadPoolExecutor writers;
    private ScheduledThreadPoolExecutor timers;

    @PostConstruct
    void start() {
        int size = config.deliveryThreads();
        writers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        timers = new ScheduledThreadPoolExecutor(1, threadFactory);
        timers.setRemoveOnCancelPolicy(true);
    }

    public Executor writers() {
        return writers;
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
