package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;

/** Something on this node waiting for a channel's events: an open stream or a parked poll. */
public interface Subscriber {

    Channel channel();

    /** Called on the bus listener's thread, in the channel's id order; must return at once. */
    void offer(Envelope envelope);
}
