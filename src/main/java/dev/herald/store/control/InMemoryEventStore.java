package dev.herald.store.control;

import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.channels.entity.LatestId;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-node store: each channel's history in a deque. A channel's lock covers id
 * assignment, retention and the hand-over to the bus, so deliveries leave in id order. Across
 * channels the retained events also wait in one queue in the order they came, from whose head they
 * leave once the node holds more than its bound or they are older than the max age: a channel no
 * one publishes to any more would otherwise keep its events for ever, and many channels together
 * could fill the heap.
 */
public class InMemoryEventStore implements EventStore {

    private final ConcurrentHashMap<String, ChannelLog> logs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Retained> arrivalOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong retained = new AtomicLong();
    // One thread at a time takes events off the arrival queue: appenders only add at its tail.
    private final AtomicBoolean evicting = new AtomicBoolean();
    // Events their channel dropped stay in the arrival queue until they reach its head; every so
    // many appends the evicting thread sweeps the queue of them, so that it stays near the bound.
    private final AtomicLong appends = new AtomicLong();
    private final long sweepEvery;
    private volatile long sweptAt;
    private final InMemoryMessageBus bus;
    private final Retention retention;
    private final Clock clock;

    public InMemoryEventStore(InMemoryMessageBus bus, Retention retention, Clock clock) {
        this.bus = bus;
        this.retention = retention;
        this.clock = clock;
        this.sweepEvery = Math.max(1, Math.min(retention.maxTotalEvents(), 65_536));
    }

    @Override
    public Envelope append(Channel channel, EnvelopeBody body) {
        ChannelLog log = logs.computeIfAbsent(channel.key(), key -> new ChannelLog());
        Envelope envelope;
        synchronized (log) {
            EventId id = log.lastIssued.get().orElse(EventId.ZERO).next(body.timestamp());
            envelope = Envelope.of(id, body);
            Retained kept = new Retained(log, envelope);
            log.events.addLast(kept);
            log.lastIssued.set(id);
            arrivalOrder.add(kept);
            retained.addAndGet(1 - log.trim(retention, clock.millis()));
            bus.publish(envelope);
        }
        appends.incrementAndGet();
        // Outside this channel's lock: evicting takes other channels' locks. Whoever finds the
        // eviction taken leaves it to that thread, which looks again once it has let go.
        while ((sweepDue() || mustEvict()) && evicting.compareAndSet(false, true)) {
            try {
                evictBeyondBounds();
                if (sweepDue()) {
                    sweptAt = appends.get();
                    arrivalOrder.removeIf(kept -> kept.dropped);
                }
            } finally {
                evicting.set(false);
            }
        }
        return envelope;
    }

    /** How many events the node holds across its channels. */
    long retainedEvents() {
        return retained.get();
    }

    private boolean sweepDue() {
        return appends.get() - sweptAt >= sweepEvery;
    }

    private boolean mustEvict() {
        Retained oldest = arrivalOrder.peek();
        return oldest != null && (oldest.dropped || retained.get() > retention.maxTotalEvents()
                || oldest.timestamp < clock.millis() - retention.maxAge().toMillis());
    }

    /** Called by one thread at a time. */
    private void evictBeyondBounds() {
        while (mustEvict()) {
            Retained oldest = arrivalOrder.poll();
            if (oldest.log.evict(oldest)) {
                retained.decrementAndGet();
            }
        }
    }

    @Override
    public History readAfter(Channel channel, Optional<String> afterId, int limit) {
        ChannelLog log = logs.getOrDefault(channel.key(), new ChannelLog());
        synchronized (log) {
            retained.addAndGet(-log.trim(retention, clock.millis()));
            Optional<EventId> after = afterId.flatMap(EventId::parse);
            History.Continuity continuity = afterId.isEmpty()
                    ? History.Continuity.CONTINUOUS
                    : after.map(id -> log.classify(id)).orElse(History.Continuity.UNKNOWN_ID);
            EventId from = continuity == History.Continuity.CONTINUOUS && after.isPresent() ? after.get() : null;
            List<Envelope> page = new ArrayList<>();
            for (Retained kept : log.events) {
                if (page.size() >= limit) {
                    break;
                }
                if (from == null || kept.envelope.id().isAfter(from)) {
                    page.add(kept.envelope);
                }
            }
            return new History(List.copyOf(page), continuity);
        }
    }

    @Override
    public Optional<String> lastId(Channel channel) {
        ChannelLog log = logs.get(channel.key());
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            return log.lastIssued.get().map(EventId::toString);
        }
    }

    /** An event in its channel's history and in the node's arrival order. */
    private static final class Retained {
        final ChannelLog log;
        final long timestamp;
        // Read under the log's monitor; let go of once dropped, while this waits in the arrival queue.
        Envelope envelope;
        // Set under the log's monitor once the channel's history no longer holds it.
        volatile boolean dropped;

        Retained(ChannelLog log, Envelope envelope) {
            this.log = log;
            this.envelope = envelope;
            this.timestamp = envelope.timestamp();
        }
    }

    /** One channel's history; guarded by its own monitor. */
    private static final class ChannelLog {
        private final ArrayDeque<Retained> events = new ArrayDeque<>();
        private final LatestId lastIssued = new LatestId();
        private EventId trimmedUpTo;

        /** Drops what the channel's own limits no longer keep; returns how many. */
        int trim(Retention retention, long nowMillis) {
            long oldestKept = nowMillis - retention.maxAge().toMillis();
            int dropped = 0;
            while (!events.isEmpty()
                    && (events.size() > retention.maxEvents() || events.peekFirst().timestamp < oldestKept)) {
                dropFirst();
                dropped++;
            }
            return dropped;
        }

        /**
         * Drops {@code oldest}, this channel's first event, unless the channel dropped it already:
         * events leave the arrival queue in order, so every older one of this channel has gone.
         */
        synchronized boolean evict(Retained oldest) {
            if (oldest.dropped) {
                return false;
            }
            dropFirst();
            return true;
        }

        private void dropFirst() {
            Retained first = events.removeFirst();
            trimmedUpTo = first.envelope.id();
            first.envelope = null;
            first.dropped = true;
        }

        History.Continuity classify(EventId after) {
            return ResumeRules.classify(after, lastIssued.get().orElse(null), trimmedUpTo, contains(after));
        }

        private boolean contains(EventId id) {
            Iterator<Retained> newestFirst = events.descendingIterator();
            while (newestFirst.hasNext()) {
                int order = newestFirst.next().envelope.id().compareTo(id);
                if (order == 0) {
                    return true;
                }
                if (order < 0) {
                    return false;
                }
            }
            return false;
        }
    }
}
