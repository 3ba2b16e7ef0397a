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
     * Sets what to run each time the bus is back after being cut, when events may have been
     * published that this node did not hear; the in-memory bus is never cut.
     */
    default void onReconnected(Runnable recovery) {}

    void subscribe(Channel channel);

    void unsubscribe(Channel channel);

    BusStatus status();
}
