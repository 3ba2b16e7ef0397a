package dev.herald.bus.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import java.util.function.Consumer;

/**
 * The port that carries events between nodes. A node subscribes to a channel while it has local
 * subscribers of it, and hears, through its one listener, every event published to those channels,
 * in each channel's id order.
 */
public interface MessageBus {

    /** Sets the one listener that receives the events of subscribed channels. */
    void listen(Consumer<Envelope> listener);

    /**
     * Sets what to run for a channel when its subscription is back after the bus was cut, so
     * events published meanwhile, which this node did not hear, can be fetched from the history.
     * The in-memory bus is never cut.
     */
    default void onResubscribed(Consumer<Channel> recovery) {}

    /** Sends an operator's command (such as a kick) to every node, this one included. */
    void broadcast(String command);

    /** Sets the one listener for {@link #broadcast} commands. */
    void onBroadcast(Consumer<String> listener);

    void subscribe(Channel channel);

    void unsubscribe(Channel channel);

    BusStatus status();
}
