package dev.herald.admin.control;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** This node's live figures: open connections by transport and events in and out. */
@ApplicationScoped
public class NodeStats {

    @Inject
    HeraldConfig config;

    private String nodeId;
    private final long startedAtMillis = System.currentTimeMillis();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LatencyHistogram deliveryLatency = new LatencyHistogram();
    private final LatencyHistogram publishDuration = new LatencyHistogram();

    @PostConstruct
    void name() {
        nodeId = config.nodeId().orElseGet(
                () -> ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String nodeId() {
        return nodeId;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public void streamOpened() {
        streams.incrementAndGet();
    }

    public void streamClosed() {
        streams.decrementAndGet();
    }

    public void pollParked() {
        polls.incrementAndGet();
    }

    public void pollReleased() {
        polls.decrementAndGet();
    }

    public void countPublished(int events) {
        published.add(events);
    }

    /** One event written to one subscriber, {@code acceptedAtMillis} being when it was accepted. */
    public void countDelivered(long acceptedAtMillis) {
        delivered.increment();
        deliveryLatency.recordMicros((System.currentTimeMillis() - acceptedAtMillis) * 1000);
    }

    /** How long one publish request took to be accepted (stored and handed to the bus). */
    public void recordPublish(long nanos) {
        publishDuration.recordMicros(nanos / 1000);
    }

    /** From acceptance to the write to a subscriber, in milliseconds resolution (ids carry wall-clock millis). */
    public LatencyHistogram deliveryLatency() {
        return deliveryLatency;
    }

    public LatencyHistogram publishDuration() {
        return publishDuration;
    }

    public void countDropped(int events) {
        dropped.add(events);
    }

    public int streams() {
        return streams.get();
    }

    public int polls() {
        return polls.get();
    }

    public long published() {
        return published.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long dropped() {
        return dropped.sum();
    }
}
