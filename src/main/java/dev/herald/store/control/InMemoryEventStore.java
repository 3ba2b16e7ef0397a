package dev.herald.store.control;

import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node store: each channel's history in a deque. A channel's lock covers id
 * assignment, retention and the hand-over to the bus, so deliveries leave in id order.
 */
public class InMemoryEventStore implements EventStore {

    private final ConcurrentHashMap<String, ChannelLog> logs = new ConcurrentHashMap<>();
    private final InMemoryMessageBus bus;
    private final Retention retention;
    private final Clock clock;

    public InMemoryEventStore(InMemoryMessageBus bus, Retention retention, Clock clock) {
        this.bus = bus;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Envelope append(Channel channel, EnvelopeBody body) {
        ChannelLog log = logs.computeIfAbsent(channel.key(), key -> new ChannelLog());
        synchronized (log) {
            EventId id = (log.lastIssued == null ? EventId.ZERO : log.lastIssued).next(body.timestamp());
            Envelope envelope = Envelope.of(id, body);
            log.events.addLast(envelope);
            log.lastIssued = id;
            log.trim(retention, clock.millis());
            bus.publish(envelope);
            return envelope;
        }
    }

    @Override
    public History readAfter(Channel channel, Optional<String> afterId, int limit) {
        ChannelLog log = logs.getOrDefault(channel.key(), new ChannelLog());
        synchronized (log) {
            log.trim(retention, clock.millis());
            Optional<EventId> after = afterId.flatMap(EventId::parse);
            History.Continuity continuity = afterId.isEmpty()
                    ? History.Continuity.CONTINUOUS
                    : after.map(id -> log.classify(id)).orElse(History.Continuity.UNKNOWN_ID);
            EventId from = continuity == History.Continuity.CONTINUOUS && after.isPresent() ? after.get() : null;
            List<Envelope> page = new ArrayList<>();
            for (Envelope envelope : log.events) {
                if (page.size() >= limit) {
                    break;
                }
                if (from == null || envelope.id().isAfter(from)) {
                    page.add(envelope);
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
            return Optional.ofNullable(log.lastIssued).map(EventId::toString);
        }
    }

    /** One channel's history; guarded by its own monitor. */
    private static final class ChannelLog {
        private final ArrayDeque<Envelope> events = new ArrayDeque<>();
        private EventId lastIssued;
        private EventId trimmedUpTo;

        void trim(Retention retention, long nowMillis) {
            long oldestKept = nowMillis - retention.maxAge().toMillis();
            while (!events.isEmpty()
                    && (events.size() > retention.maxEvents() || events.peekFirst().timestamp() < oldestKept)) {
                trimmedUpTo = events.removeFirst().id();
            }
        }

        History.Continuity classify(EventId after) {
            return ResumeRules.classify(after, lastIssued, trimmedUpTo, contains(after));
        }

        private boolean contains(EventId id) {
            Iterator<Envelope> newestFirst = events.descendingIterator();
            while (newestFirst.hasNext()) {
                int order = newestFirst.next().id().compareTo(id);
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
