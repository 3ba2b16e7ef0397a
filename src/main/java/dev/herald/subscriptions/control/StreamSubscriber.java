package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import dev.herald.channels.entity.LatestId;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One open SSE stream. Events are queued (bounded) and written in order by a delivery thread, never
 * by the thread that offers them. Until {@link #start} the stream only collects live events, so
 * that a resume can read the history first and then skip what it already sent.
 */
public final class StreamSubscriber implements Subscriber {

    /** What a stream needs from the node that holds it. */
    interface Host {
        Executor writers();

        /** The frame of an envelope; null if it must not be written. */
        default OutboundSseEvent frame(Envelope envelope, Sse sse) {
            return EnvelopeFrames.build(envelope, sse);
        }

        /** The keep-alive comment frame. */
        default OutboundSseEvent keepAlive(Sse sse) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }

        /** Runs a write that may block on this client's full socket, on a writer thread. */
        default <T> T mayBlock(Supplier<T> write) {
            return write.get();
        }

        int maxQueuedEvents();

        void delivered(Envelope envelope);

        void closed(StreamSubscriber subscriber, int droppedEvents);
    }

    private final Channel channel;
    private final String connectionKey;
    private final SseEventSink sink;
    private final Sse sse;
    private final Host host;

    /** Queued after a last frame: the stream closes once everything before it is written. */
    private static final Object END = new Object();

    private final Object lock = new Object();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private List<Envelope> beforeStart = new ArrayList<>();
    private boolean started;
    private boolean draining;
    private boolean closed;
    private boolean overflowed;
    private volatile long lastWriteNanos = System.nanoTime();
    // Touched only by the draining thread (one at a time): the newest id written.
    private final LatestId lastSent = new LatestId();

    StreamSubscriber(Channel channel, String connectionKey, SseEventSink sink, Sse sse, Host host) {
        this.channel = channel;
        this.connectionKey = connectionKey;
        this.sink = sink;
        this.sse = sse;
        this.host = host;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    String connectionKey() {
        return connectionKey;
    }

    Sse sse() {
        return sse;
    }

    @Override
    public void offer(Envelope envelope) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!started) {
                beforeStart.add(envelope);
                if (beforeStart.size() > host.maxQueuedEvents()) {
                    overflowLocked();
                }
                return;
            }
            enqueueLocked(envelope);
        }
        closeIfOverflowed();
    }

    /**
     * Starts writing: first {@code opening} (frames and replayed history), then the live events
     * that arrived meanwhile, skipping those not after {@code sentUpTo}.
     */
    void start(List<?> opening, EventId sentUpTo) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            queue.addAll(opening);
            for (Envelope envelope : beforeStart) {
                if (sentUpTo == null || envelope.id().isAfter(sentUpTo)) {
                    queue.add(envelope);
                }
            }
            beforeStart = null;
            started = true;
            scheduleDrainLocked();
        }
    }

    @Override
    public void endForResume() {
        close();
    }

    /** Queues a keep-alive comment when nothing has been written for {@code idleNanos}. */
    void heartbeatIfIdle(long nowNanos, long idleNanos) {
        synchronized (lock) {
            if (!started || closed || draining || nowNanos - lastWriteNanos < idleNanos) {
                return;
            }
            enqueueLocked(host.keepAlive(sse));
        }
        closeIfOverflowed();
    }

    private void enqueueLocked(Object item) {
        if (queue.size() >= host.maxQueuedEvents()) {
            overflowLocked();
            return;
        }
        queue.add(item);
        scheduleDrainLocked();
    }

    private void overflowLocked() {
        overflowed = true;
    }

    private void closeIfOverflowed() {
        boolean tooSlow;
        synchronized (lock) {
            tooSlow = overflowed && !closed;
        }
        if (tooSlow) {
            close();
        }
    }

    private void scheduleDrainLocked() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            host.writers().execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            draining = false;
            closed = true;
        }
    }

    private void drain() {
        while (true) {
            Object item;
            synchronized (lock) {
                item = closed ? null : queue.poll();
                if (item == null) {
                    draining = false;
                    return;
                }
            }
            if (item == END) {
                close();
                return;
            }
            OutboundSseEvent event = toEvent(item);
            if (event == null) {
                continue;
            }
            CompletableFuture<?> sent;
            try {
                sent = host.mayBlock(() -> sink.send(event).toCompletableFuture());
            } catch (RuntimeException gone) {
                close();
                return;
            }
            if (!sent.isDone()) {
                // An asynchronous runtime: go on once this write is done, keeping the order.
                sent.whenComplete((ignored, failure) -> afterAsyncWrite(item, failure));
                return;
            }
            if (sent.isCompletedExceptionally()) {
                close();
                return;
            }
            written(item);
        }
    }

    private void afterAsyncWrite(Object item, Throwable failure) {
        if (failure != null) {
            close();
            return;
        }
        written(item);
        try {
            host.writers().execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            close();
        }
    }

    private void written(Object item) {
        lastWriteNanos = System.nanoTime();
        if (item instanceof Envelope envelope) {
            host.delivered(envelope);
        }
    }

    private OutboundSseEvent toEvent(Object item) {
        if (item instanceof Envelope envelope) {
            if (!lastSent.isOlderThan(envelope.id())) {
                return null;
            }
            OutboundSseEvent frame = host.frame(envelope, sse);
            if (frame != null) {
                lastSent.set(envelope.id());
            }
            return frame;
        }
        return (OutboundSseEvent) item;
    }

    /** Ends the stream after what is queued and a last frame (a kick); never blocks the caller. */
    void finish(OutboundSseEvent last) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            queue.add(last);
            queue.add(END);
            if (started) {
                scheduleDrainLocked();
            }
        }
    }

    /**
     * Ends the stream as the node stops, with a last frame: the retry hint, after which the client
     * reconnects, to whichever node the load balancer picks, with {@code Last-Event-ID}. It goes
     * ahead of what is still queued, which that resume reads from the history. Written by a
     * delivery thread like any frame: the stopping thread goes on to the next stream rather than
     * wait, up to the write time-out, on each client that stopped reading.
     */
    void closeWith(OutboundSseEvent last) {
        synchronized (lock) {
            queue.clear();
            finish(last);
        }
    }

    /** Ends the stream (client gone, too slow, or node stopping) and releases what it held; idempotent. */
    public void close() {
        int dropped;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = (int) queue.stream().filter(Envelope.class::isInstance).count()
                    + (beforeStart == null ? 0 : beforeStart.size());
            queue.clear();
            beforeStart = null;
        }
        try {
            host.closed(this, dropped);
        } finally {
            // The sink is closed even when releasing failed (the node stopping, say): else the
            // client would hang on until the server drops the connection.
            // Closing waits for a write in progress, which may be stuck on this very client: never
            // on the caller's thread, which may be the bus listener or a publisher.
            try {
                host.writers().execute(this::closeSink);
            } catch (RejectedExecutionException stopping) {
                closeSink();
            }
        }
    }

    private void closeSink() {
        try {
            host.mayBlock(() -> {
                sink.close();
                return null;
            });
        } catch (RuntimeException alreadyGone) {
            // the client is gone already; nothing left to release
        }
    }
}
