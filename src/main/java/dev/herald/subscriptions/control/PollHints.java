package dev.herald.subscriptions.control;

import dev.herald.channels.entity.EventId;

/**
 * The {@code nextPollMs} hint for clients that short-poll: 1 s while the channel is busy, growing
 * ×1.5 with each step of quiet up to 30 s, and doubled (within the cap) while the node sheds load.
 */
public final class PollHints {

    static final long MIN_MS = 1_000;
    static final long MAX_MS = 30_000;
    static final double STEP = 1.5;

    private PollHints() {}

    /**
     * @param newest the channel's newest id (its millis are when that event was accepted), or null
     * @param loaded whether the node is near its connection limit
     */
    public static long nextPollMs(EventId newest, long nowMillis, boolean loaded) {
        long quietMs = newest == null ? Long.MAX_VALUE : Math.max(0, nowMillis - newest.millis());
        double hint = MIN_MS;
        // One ×1.5 step for each span of quiet as long as the hint so far: 1 s, 1.5 s, 2.25 s, …
        while (hint < MAX_MS && quietMs >= hint * STEP) {
            hint *= STEP;
        }
        long ms = Math.min(MAX_MS, Math.round(hint));
        return loaded ? Math.min(MAX_MS, ms * 2) : ms;
    }
}
