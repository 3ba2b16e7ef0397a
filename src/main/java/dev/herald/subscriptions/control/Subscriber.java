package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;

/** Something on this node waiting for a channel's events: an open stream or a parked poll. */
public interface Subscriber {

    Channel channel();

    /** Called on the bus listener's thread, in the channel's id order; must return at once. */
    void offer(Envelope envelope);

    /**
     * The node missed more of the channel's events than its history keeps, so it cannot fill this
     * subscriber's gap: ends it, so that its client asks again from its own position and hears
     * there what the history still covers (a stream reconnects with {@code Last-Event-ID} and gets
     * a {@code reset}; a poll is answered and polls again). Must return at once.
     */
    void endForResume();
}
