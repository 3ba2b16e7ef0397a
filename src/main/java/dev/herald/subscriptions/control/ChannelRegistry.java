package dev.herald.subscriptions.control;

import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local subscribers of each channel. The node is subscribed to a channel on the bus exactly
 * while it has at least one local subscriber of it. Each channel's events are fanned out in id
 * order, never twice; after the bus was cut, {@link #catchUp} fills the gap from the history.
 */
@ApplicationScoped
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class.getName());
    // Recovery reads from a little before a channel's subscription, trusting clocks to within a second:
    // an event too many is dropped by each subscriber's own id check, an event too few would be lost.
    private static final long CLOCK_MARGIN_MILLIS = 1000;

    private final ConcurrentHashMap<String, ChannelSubscribers> byChannel = new ConcurrentHashMap<>();

    @Inject
    MessageBus bus;

    @Inject
    EventStore store;

    @Inject
    DeliveryThreads threads;

    @PostConstruct
    void listen() {
        bus.listen(this::deliver);
        bus.onResubscribed(this::catchUp);
    }

    /** Called by the bus listener, in each channel's id order; never blocks. */
    void deliver(Envelope envelope) {
        ChannelSubscribers channel = byChannel.get(envelope.channel());
        if (channel != null) {
            channel.deliver(envelope);
        }
    }

    public void add(Subscriber subscriber) {
        Channel channel = subscriber.channel();
        byChannel.compute(channel.key(), (key, existing) -> {
            ChannelSubscribers subscribers = existing;
            if (subscribers == null) {
                subscribers = new ChannelSubscribers(channel);
                bus.subscribe(channel);
            }
            subscribers.members.add(subscriber);
            return subscribers;
        });
    }

    public void remove(Subscriber subscriber) {
        Channel channel = subscriber.channel();
        byChannel.computeIfPresent(channel.key(), (key, subscribers) -> {
            subscribers.members.remove(subscriber);
            if (subscribers.members.isEmpty()) {
                bus.unsubscribe(channel);
                return null;
            }
            return subscribers;
        });
    }

    /**
     * The newest id this node has heard on a channel, if it is following the channel and not
     * catching up after a bus cut: what lets a short poll be answered 304 without the store.
     */
    public Optional<EventId> newestHeard(Channel channel) {
        ChannelSubscribers subscribers = byChannel.get(channel.key());
        return subscribers == null ? Optional.empty() : subscribers.newestHeard();
    }

    /** Tells a followed channel the newest id the store had right after it was followed. */
    public void seedNewest(Channel channel, EventId newest) {
        ChannelSubscribers subscribers = byChannel.get(channel.key());
        if (subscribers != null) {
            subscribers.seed(newest);
        }
    }

    /** Channels with at least one subscriber on this node. */
    public int channels() {
        return byChannel.size();
    }

    /**
     * After the bus was cut and the channel is subscribed again: hold live events, fan out from
     * the history what was published meanwhile, then the held events, skipping what was sent already.
     */
    void catchUp(Channel key) {
        ChannelSubscribers channel = byChannel.get(key.key());
        if (channel == null) {
            return;
        }
        EventId from = channel.hold();
        threads.writers().execute(() -> channel.release(readSince(channel.channel, from)));
    }

    private List<Envelope> readSince(Channel channel, EventId from) {
        try {
            History history = store.readAfter(channel, Optional.of(from.toString()), Integer.MAX_VALUE);
            if (history.continuity() == History.Continuity.UNKNOWN_ID) {
                // The floor is a time, not an issued id: read everything retained, the id check trims it.
                history = store.readAfter(channel, Optional.empty(), Integer.MAX_VALUE);
            }
            return history.events();
        } catch (RuntimeException unavailable) {
            LOG.log(Level.WARNING, "could not catch up channel " + channel + " after the bus came back", unavailable);
            return List.of();
        }
    }

    /** One channel's subscribers and the newest id fanned out to them. */
    private static final class ChannelSubscribers {
        final Channel channel;
        final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
        final long subscribedAtMillis = System.currentTimeMillis();
        private EventId lastDelivered;
        // Never used to skip deliveries: a seed read from the store may name an event not yet delivered.
        private EventId newestSeeded;
        private List<Envelope> held;

        ChannelSubscribers(Channel channel) {
            this.channel = channel;
        }

        synchronized Optional<EventId> newestHeard() {
            if (held != null) {
                return Optional.empty();
            }
            if (lastDelivered == null) {
                return Optional.ofNullable(newestSeeded);
            }
            return Optional.of(newestSeeded != null && newestSeeded.isAfter(lastDelivered) ? newestSeeded : lastDelivered);
        }

        synchronized void seed(EventId newest) {
            if (newestSeeded == null || newest.isAfter(newestSeeded)) {
                newestSeeded = newest;
            }
        }

        synchronized void deliver(Envelope envelope) {
            if (held != null) {
                held.add(envelope);
                return;
            }
            fanOutLocked(envelope);
        }

        synchronized EventId hold() {
            if (held == null) {
                held = new ArrayList<>();
            }
            if (lastDelivered != null) {
                return lastDelivered;
            }
            return new EventId(Math.max(0, subscribedAtMillis - CLOCK_MARGIN_MILLIS), 0);
        }

        synchronized void release(List<Envelope> missed) {
            List<Envelope> live = held == null ? List.of() : held;
            held = null;
            missed.forEach(this::fanOutLocked);
            live.forEach(this::fanOutLocked);
        }

        private void fanOutLocked(Envelope envelope) {
            if (lastDelivered != null && !envelope.id().isAfter(lastDelivered)) {
                return;
            }
            lastDelivered = envelope.id();
            for (Subscriber subscriber : members) {
                subscriber.offer(envelope);
            }
        }
    }
}
