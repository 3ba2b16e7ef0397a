package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a polled channel followed on this node for a while after each poll, so the node hears its
 * events and knows its newest id: the next short poll of an unchanged channel is a 304 without a
 * store read. Quiet channels are let go after {@value #LINGER_MILLIS} ms without a poll.
 */
@ApplicationScoped
public class ChannelWatches {

    static final long LINGER_MILLIS = 60_000;

    @Inject
    ChannelRegistry registry;

    @Inject
    DeliveryThreads threads;

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** A subscriber that only keeps its channel followed. */
    private static final class Watch implements Subscriber {
        private final Channel channel;
        private volatile long lastPolledMillis = System.currentTimeMillis();

        Watch(Channel channel) {
            this.channel = channel;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public void offer(Envelope envelope) {
            // nothing to deliver: the registry records the newest id as it fans out
        }

        @Override
        public void endForResume() {
            // nothing to end: the registry's newest id is right again once it has read the history
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        threads.timers().scheduleWithFixedDelay(this::letGoOfQuietChannels, 5, 5, TimeUnit.SECONDS);
    }

    /** Follows {@code channel} for another {@value #LINGER_MILLIS} ms. */
    public void watch(Channel channel) {
        watches.computeIfAbsent(channel.key(), key -> {
            Watch fresh = new Watch(channel);
            registry.add(fresh);
            return fresh;
        }).lastPolledMillis = System.currentTimeMillis();
    }

    private void letGoOfQuietChannels() {
        long now = System.currentTimeMillis();
        try {
            watches.values().removeIf(watch -> {
                boolean quiet = now - watch.lastPolledMillis > LINGER_MILLIS;
                if (quiet) {
                    registry.remove(watch);
                }
                return quiet;
            });
        } catch (RuntimeException unexpected) {
            // Never let it escape: a periodic task that throws is never run again. The next round retries.
        }
    }
}
