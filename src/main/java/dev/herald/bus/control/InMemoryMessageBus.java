package dev.herald.bus.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The single-node bus: a publish is handed straight to the listener on the publishing thread,
 * which holds the channel's lock in the store, so per-channel order is the id order.
 */
public class InMemoryMessageBus implements MessageBus {

    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Envelope> listener = envelope -> {};
    private volatile Consumer<String> commands = command -> {};

    public void publish(Envelope envelope) {
        if (subscribed.contains(envelope.channel())) {
            listener.accept(envelope);
        }
    }

    @Override
    public void listen(Consumer<Envelope> listener) {
        this.listener = listener;
    }

    @Override
    public void broadcast(String command) {
        commands.accept(command);
    }

    @Override
    public void onBroadcast(Consumer<String> listener) {
        this.commands = listener;
    }

    @Override
    public void subscribe(Channel channel) {
        subscribed.add(channel.key());
    }

    @Override
    public void unsubscribe(Channel channel) {
        subscribed.remove(channel.key());
    }

    @Override
    public BusStatus status() {
        return new BusStatus("memory", true, "single node, in memory");
    }
}
