package dev.herald.subscriptions.control;

import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local subscribers of each channel. The node is subscribed to a channel on the bus exactly
 * while it has at least one local subscriber of it, and every event the bus brings is offered to
 * that channel's subscribers.
 */
@ApplicationScoped
public class ChannelRegistry {

    private final ConcurrentHashMap<String, Set<Subscriber>> byChannel = new ConcurrentHashMap<>();

    @Inject
    MessageBus bus;

    @PostConstruct
    void listen() {
        bus.listen(this::deliver);
    }

    void deliver(Envelope envelope) {
        Set<Subscriber> subscribers = byChannel.get(envelope.channel());
        if (subscribers != null) {
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(envelope);
            }
        }
    }

    public void add(Subscriber subscriber) {
        Channel channel = subscriber.channel();
        byChannel.compute(channel.key(), (key, subscribers) -> {
            Set<Subscriber> set = subscribers;
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                bus.subscribe(channel);
            }
            set.add(subscriber);
            return set;
        });
    }

    public void remove(Subscriber subscriber) {
        Channel channel = subscriber.channel();
        byChannel.computeIfPresent(channel.key(), (key, subscribers) -> {
            subscribers.remove(subscriber);
            if (subscribers.isEmpty()) {
                bus.unsubscribe(channel);
                return null;
            }
            return subscribers;
        });
    }

    /** Channels with at least one subscriber on this node. */
    public int channels() {
        return byChannel.size();
    }
}
