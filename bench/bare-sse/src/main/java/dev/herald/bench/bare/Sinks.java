package dev.herald.bench.bare;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The open sinks by channel, and a keep-alive comment for each once every 15 s (one of 15 buckets a
 * second, so they do not all come at once), which is also how a closed client is noticed: the same
 * work Herald's heartbeat does, since the load tool waits for closed streams to be noticed.
 */
@ApplicationScoped
public class Sinks {

    private static final int BUCKETS = 15;

    private final Map<String, Set<SseEventSink>> byChannel = new ConcurrentHashMap<>();
    private final List<Set<Open>> buckets = IntStream.range(0, BUCKETS)
            .<Set<Open>>mapToObj(i -> ConcurrentHashMap.newKeySet()).toList();
    private final AtomicInteger nextBucket = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private ScheduledExecutorService keepAlive;
    private volatile Sse sse;
    private volatile OutboundSseEvent keepAliveFrame;

    @Inject
    Relay relay;

    private record Open(String channel, SseEventSink sink) {}

    @PostConstruct
    void start() {
        keepAlive = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tick = new AtomicInteger();
        keepAlive.scheduleAtFixedRate(() -> keepAlive(buckets.get(tick.getAndIncrement() % BUCKETS)), 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        keepAlive.shutdownNow();
    }

    void add(String channel, SseEventSink sink, Sse sse) {
        if (keepAliveFrame == null) {
            this.sse = sse;
            keepAliveFrame = sse.newEventBuilder().comment("keep-alive").build();
        }
        // Subscribing and unsubscribing under the channel's entry: never one overtaking the other.
        byChannel.compute(channel, (c, sinks) -> {
            if (sinks == null) {
                relay.subscribe(c);
                sinks = ConcurrentHashMap.newKeySet();
            }
            sinks.add(sink);
            return sinks;
        });
        buckets.get(Math.floorMod(nextBucket.getAndIncrement(), BUCKETS)).add(new Open(channel, sink));
        open.incrementAndGet();
    }

    /** Writes event {@code id} to every open sink of {@code channel}, on the calling thread. */
    void send(String channel, long id, byte[] data) {
        Set<SseEventSink> sinks = byChannel.get(channel);
        if (sinks != null) {
            OutboundSseEvent frame = sse.newEventBuilder().id(Long.toString(id)).name("bench")
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(byte[].class, data).build();
            for (SseEventSink sink : sinks) {
                write(sink, frame);
            }
        }
    }

    int open() {
        return open.get();
    }

    private void keepAlive(Set<Open> bucket) {
        for (Open stream : bucket) {
            if (stream.sink().isClosed()) {
                bucket.remove(stream);
                byChannel.computeIfPresent(stream.channel(), (channel, sinks) -> {
                    sinks.remove(stream.sink());
                    if (!sinks.isEmpty()) {
                        return sinks;
                    }
                    relay.unsubscribe(channel);
                    return null;
                });
                open.decrementAndGet();
            } else {
                write(stream.sink(), keepAliveFrame);
            }
        }
    }

    /** A failed write closes the sink (Jersey completes the stage with the exception as its value). */
    private static void write(SseEventSink sink, OutboundSseEvent frame) {
        if (sink.isClosed()) {
            return;
        }
        sink.send(frame).whenComplete((value, failure) -> {
            if (failure != null || value instanceof Throwable) {
                sink.close();
            }
        });
    }
}
