package dev.herald.subscriptions.control;

import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import dev.herald.channels.entity.LatestId;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** While the history cannot be read, it is asked again after this, doubling up to 16 times this. */
    private static final Duration RETRY_READ = Duration.ofMillis(500);
    /** A channel is reported as waiting for the store after this many failed reads (some 4 s, with the backoff). */
    private static final int STUCK_AFTER_FAILED_READS = 4;
    /** Live events held per channel while it catches up; more are dropped and read from the history instead. */
    static final int MAX_HELD = 1000;

    private final ConcurrentHashMap<String, ChannelSubscribers> byChannel = new ConcurrentHashMap<>();
    private final AtomicInteger stuckChannels = new AtomicInteger();

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
        if (channel != null && channel.hold()) {
            later(() -> fill(channel, 0), 0);
        }
    }

    /**
     * Reads what {@code channel} missed until a read is both answered and complete. The history is
     * read again and again while the store cannot answer: the pub/sub connection is often back
     * before the command connection (each reconnects on its own schedule), and releasing the held
     * events without the missed ones would lose them for good.
     */
    private void fill(ChannelSubscribers channel, int failedReads) {
        if (byChannel.get(channel.channel.key()) != channel) {
            done(failedReads);
            return; // no longer followed here: nothing to deliver to
        }
        History missed;
        try {
            missed = readSince(channel.channel, channel.readFrom());
        } catch (RuntimeException unavailable) {
            LOG.log(Level.FINE, "catching up channel " + channel.channel + " must wait for the store", unavailable);
            int failed = failedReads + 1;
            if (failed == STUCK_AFTER_FAILED_READS && stuckChannels.getAndIncrement() == 0) {
                LOG.warning(() -> "channel " + channel.channel + " (and maybe others) cannot catch up after the bus came"
                        + " back: the store does not answer; their live events are held until it does");
            }
            // Backing off: after a long outage every followed channel is catching up, each on a writer thread.
            later(() -> fill(channel, failed), RETRY_READ.toMillis() << Math.min(failedReads, 4));
            return;
        }
        if (missed.continuity() == History.Continuity.TRUNCATED) {
            endForResume(channel);
        }
        if (channel.release(missed.events())) {
            done(failedReads);
        } else {
            later(() -> fill(channel, failedReads), 0);
        }
    }

    private void done(int failedReads) {
        if (failedReads >= STUCK_AFTER_FAILED_READS && stuckChannels.decrementAndGet() == 0) {
            LOG.info("every channel has caught up after the bus came back");
        }
    }

    private void later(Runnable task, long delayMillis) {
        try {
            threads.timers().schedule(() -> threads.writers().execute(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping: its streams are being closed, and their clients resume elsewhere
        }
    }

    private History readSince(Channel channel, EventId from) {
        History history = store.readAfter(channel, Optional.of(from.toString()), Integer.MAX_VALUE);
        if (history.continuity() == History.Continuity.UNKNOWN_ID) {
            // The floor is a time, not an issued id: read everything retained, the id check trims it.
            history = store.readAfter(channel, Optional.empty(), Integer.MAX_VALUE);
        }
        return history;
    }

    /**
     * More was published while the bus was cut than the history keeps: what each subscriber missed
     * can no longer be told from here. Each is ended, so that its client resumes from its own
     * position and is told there (with a {@code reset}) rather than handed the rest with a silent gap.
     */
    private static void endForResume(ChannelSubscribers channel) {
        List<Subscriber> members = List.copyOf(channel.members);
        LOG.info(() -> "channel " + channel.channel + " missed more events than its history keeps while the bus"
                + " was cut: its " + members.size() + " local subscribers are ended, to resume from their own position");
        members.forEach(Subscriber::endForResume);
    }

    /** One channel's subscribers and the newest id fanned out to them. */
    private static final class ChannelSubscribers {
        final Channel channel;
        final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
        final long subscribedAtMillis = System.currentTimeMillis();
        private final LatestId lastDelivered = new LatestId();
        // Never used to skip deliveries: a seed read from the store may name an event not yet delivered.
        private EventId newestSeeded;
        // Live events heard while catching up (null when not), bounded: dropping them costs one more read.
        private List<Envelope> held;
        // Set when the read in flight may not cover every event dropped or missed: read again.
        private boolean readAgain;

        ChannelSubscribers(Channel channel) {
            this.channel = channel;
        }

        synchronized Optional<EventId> newestHeard() {
            if (held != null) {
                return Optional.empty();
            }
            if (newestSeeded != null && lastDelivered.isOlderThan(newestSeeded)) {
                return Optional.of(newestSeeded);
            }
            return lastDelivered.get();
        }

        synchronized void seed(EventId newest) {
            if (newestSeeded == null || newest.isAfter(newestSeeded)) {
                newestSeeded = newest;
            }
        }

        synchronized void deliver(Envelope envelope) {
            if (held == null) {
                fanOutLocked(envelope);
            } else if (held.size() < MAX_HELD) {
                held.add(envelope);
            } else {
                // Every event heard was stored before it was published: a read after this one has it.
                readAgain = true;
            }
        }

        /** Starts holding live events; false if a catch-up is running already (it will read again). */
        synchronized boolean hold() {
            if (held != null) {
                // Cut again while catching up: the read in flight may predate what this cut missed.
                readAgain = true;
                return false;
            }
            held = new ArrayList<>();
            return true;
        }

        /** Where the next read of the history starts. */
        synchronized EventId readFrom() {
            return lastDelivered.get().orElseGet(() -> new EventId(Math.max(0, subscribedAtMillis - CLOCK_MARGIN_MILLIS), 0));
        }

        /**
         * Fans out what a read found and then the held events; false, holding on, if the read may
         * have missed some (held events were dropped, or the bus was cut again): then read again.
         */
        synchronized boolean release(List<Envelope> missed) {
            missed.forEach(this::fanOutLocked);
            if (readAgain) {
                readAgain = false;
                held.clear(); // all of them are in the history, which the next read starts after the last fanned out
                return false;
            }
            List<Envelope> live = held;
            held = null;
            live.forEach(this::fanOutLocked);
            return true;
        }

        private void fanOutLocked(Envelope envelope) {
            if (!lastDelivered.isOlderThan(envelope.id())) {
                return;
            }
            lastDelivered.set(envelope.id());
            for (Subscriber subscriber : members) {
                subscriber.offer(envelope);
            }
        }
    }
}
