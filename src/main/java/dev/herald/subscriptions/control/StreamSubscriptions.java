package dev.herald.subscriptions.control;

import dev.herald.admin.control.NodeStats;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import dev.herald.config.HeraldConfig;
import dev.herald.config.JsonObjects;
import dev.herald.security.Caller;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens SSE streams: the {@code connected} frame, a gap-free resume from {@code Last-Event-ID}
 * (subscribe live first, then replay the history, then the live events not yet sent), heartbeats,
 * the end of a stream when its token expires, and the release of every resource when a stream ends.
 */
@ApplicationScoped
public class StreamSubscriptions implements StreamSubscriber.Host {

    private static final Logger LOG = Logger.getLogger(StreamSubscriptions.class.getName());

    @Inject
    HeraldConfig config;

    @Inject
    EventStore store;

    @Inject
    ChannelRegistry registry;

    @Inject
    ConnectionLimits limits;

    @Inject
    NodeStats stats;

    @Inject
    DeliveryThreads threads;

    @Inject
    TokenDeadlines deadlines;

    /** What an open stream holds besides itself: the address it is counted under, and its token's deadline. */
    private static final class Held {
        final String address;
        volatile TokenDeadlines.Deadline deadline;

        Held(String address) {
            this.address = address;
        }
    }

    private final OpenStreams<Held> open = new OpenStreams<>();
    private final EnvelopeFrames frames = new EnvelopeFrames();
    // The same comment for every stream: built once, not per stream per heartbeat.
    private volatile OutboundSseEvent keepAlive;
    // Set as the node hands its streams over: a stream opened after that would be cut without a retry hint.
    private volatile boolean stopping;
    private int maxQueuedEvents;

    void startHeartbeats(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        maxQueuedEvents = config.sseMaxQueuedEvents();
        long periodMillis = Math.max(100, config.heartbeatSeconds() * 1000L / 8);
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.heartbeatSeconds() * 1000L * 3 / 4);
        // Each stream is looked at every eighth of the interval and gets a comment once idle for
        // three quarters of it: no stream goes silent for more than seven eighths of an interval
        // (the rest is room for a busy machine's delays), and a stream that hears an event now and
        // then gets few comments besides: they are writes as costly as an event's. The streams are
        // looked at in slices, one slice every ~100 ms, so that thousands opened together do not
        // get their comments in one burst that holds up the events queued behind it.
        int slices = (int) Math.min(OpenStreams.SHARDS, Math.max(1, periodMillis / 100));
        long tickMillis = periodMillis / slices;
        AtomicLong ticks = new AtomicLong();
        threads.timers().scheduleAtFixedRate(() -> heartbeat((int) (ticks.getAndIncrement() % slices), slices, idleNanos),
                tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void heartbeat(int slice, int slices, long idleNanos) {
        long now = System.nanoTime();
        open.forEachInSlice(slice, slices, subscriber -> {
            try {
                subscriber.heartbeatIfIdle(now, idleNanos);
            } catch (RuntimeException failure) {
                // One broken stream must not end the heartbeats of all: a failed periodic task is never run again.
                LOG.log(Level.WARNING, "heartbeat failed; closing that stream", failure);
                subscriber.close();
            }
        });
    }

    /**
     * Opens a stream of {@code channel} on {@code sink} for a client at {@code address}, resuming
     * after {@code lastEventId} when given; it ends with a {@code token-expired} event at the token's
     * {@code exp}.
     */
    public void open(Channel channel, Caller caller, String address, Optional<String> lastEventId, SseEventSink sink,
            Sse sse) {
        limits.acquire(caller.connectionKey(), address);
        StreamSubscriber subscriber = new StreamSubscriber(channel, caller.connectionKey(), sink, sse, this);
        Held held = new Held(address);
        open.put(subscriber, held);
        stats.streamOpened();
        registry.add(subscriber);
        try {
            // Checked once registered: closeAll either sees this stream or this check sees it stopping.
            if (stopping) {
                throw NodeStopping.problem();
            }
            List<Object> opening = new ArrayList<>();
            opening.add(connected(channel, sse));
            EventId sentUpTo = null;
            if (lastEventId.isPresent()) {
                History history = store.readAfter(channel, lastEventId, Integer.MAX_VALUE);
                if (history.continuity() != History.Continuity.CONTINUOUS) {
                    opening.add(reset(channel, history.continuity().reason(), sse));
                } else {
                    sentUpTo = EventId.parse(lastEventId.get()).orElse(null);
                }
                opening.addAll(history.events());
                if (!history.events().isEmpty()) {
                    sentUpTo = history.events().get(history.events().size() - 1).id();
                }
            }
            subscriber.start(opening, sentUpTo);
        } catch (RuntimeException failure) {
            release(subscriber);
            throw failure;
        }
        // Only once started: the last frame must come after the opening ones.
        Instant expiry = caller.expiresAt();
        if (expiry != null) {
            held.deadline = deadlines.at(expiry, () -> subscriber.finish(tokenExpired(subscriber)));
            if (!open.contains(subscriber)) {
                held.deadline.cancel(); // the stream ended while the deadline was being set
            }
        }
    }

    /**
     * The last frame of a stream whose token expired: no {@code id:} line, so it never moves the
     * client's resume position; the client reconnects with a fresh token and {@code Last-Event-ID}.
     */
    private static OutboundSseEvent tokenExpired(StreamSubscriber subscriber) {
        String data = JsonObjects.builder()
                .add("channel", subscriber.channel().key())
                .add("reason", "token-expired")
                .build()
                .toString();
        return subscriber.sse().newEventBuilder()
                .name("token-expired")
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data)
                .build();
    }

    private OutboundSseEvent connected(Channel channel, Sse sse) {
        JsonObjectBuilder data = JsonObjects.builder().add("channel", channel.key());
        if (channel.isUser()) {
            data.add("userId", channel.name());
        }
        data.add("timestamp", System.currentTimeMillis());
        return sse.newEventBuilder()
                .name("connected")
                .reconnectDelay(config.sseRetryMillis())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data.build().toString())
                .build();
    }

    private static OutboundSseEvent reset(Channel channel, String reason, Sse sse) {
        String data = JsonObjects.builder()
                .add("channel", channel.key())
                .add("reason", reason)
                .build()
                .toString();
        return sse.newEventBuilder()
                .name("reset")
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data)
                .build();
    }

    /** Closes every stream of {@code user} on this node, each with a last {@code kicked} event; returns how many. */
    public int kick(String user) {
        int kicked = 0;
        for (StreamSubscriber subscriber : open.all()) {
            if (subscriber.connectionKey().equals(user)) {
                String data = JsonObjects.builder()
                        .add("channel", subscriber.channel().key())
                        .add("reason", "kicked by an administrator")
                        .build()
                        .toString();
                subscriber.finish(subscriber.sse().newEventBuilder()
                        .name("kicked")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(String.class, data)
                        .build());
                kicked++;
            }
        }
        return kicked;
    }

    private void release(StreamSubscriber subscriber) {
        Held held = open.remove(subscriber);
        if (held != null) {
            registry.remove(subscriber);
            limits.release(subscriber.connectionKey(), held.address);
            stats.streamClosed();
            TokenDeadlines.Deadline deadline = held.deadline;
            if (deadline != null) {
                deadline.cancel();
            }
        }
    }

    @Override
    public Executor writers() {
        return threads.writers();
    }

    @Override
    public OutboundSseEvent frame(Envelope envelope, Sse sse) {
        return frames.of(envelope, sse);
    }

    @Override
    public OutboundSseEvent keepAlive(Sse sse) {
        OutboundSseEvent frame = keepAlive;
        if (frame == null) {
            frame = StreamSubscriber.Host.super.keepAlive(sse);
            keepAlive = frame;
        }
        return frame;
    }

    @Override
    public <T> T mayBlock(Supplier<T> write) {
        return threads.mayBlock(write);
    }

    @Override
    public int maxQueuedEvents() {
        return maxQueuedEvents > 0 ? maxQueuedEvents : config.sseMaxQueuedEvents();
    }

    @Override
    public void delivered(Envelope envelope) {
        stats.countDelivered(envelope.timestamp());
    }

    @Override
    public void closed(StreamSubscriber subscriber, int droppedEvents) {
        release(subscriber);
        if (droppedEvents > 0) {
            stats.countDropped(droppedEvents);
        }
    }

    /**
     * Closes every stream as the node stops, each with a retry hint spread over a few seconds so
     * that its clients do not all reconnect to the remaining nodes in the same instant; returns how many.
     */
    public int closeAll() {
        stopping = true;
        List<StreamSubscriber> closing = open.all();
        for (StreamSubscriber subscriber : closing) {
            try {
                // Empty data: EventSource dispatches nothing, but takes the retry (runtimes write it only with data).
                subscriber.closeWith(subscriber.sse().newEventBuilder()
                        .comment("node stopping; reconnect")
                        .reconnectDelay(ThreadLocalRandom.current().nextLong(500, 3000))
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(String.class, "")
                        .build());
            } catch (RuntimeException failure) {
                // One stream that fails to close must not keep the others open.
                LOG.log(Level.FINE, "closing a stream as the node stops failed", failure);
            }
        }
        return closing.size();
    }
}
