package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.channels.entity.EventId;
import org.junit.jupiter.api.Test;

class PollHintsTest {

    private static final long NOW = 10_000_000;

    private static long hint(long quietMillis, boolean loaded) {
        return PollHints.nextPollMs(new EventId(NOW - quietMillis, 0), NOW, loaded);
    }

    @Test
    void busyChannelsArePolledEverySecond() {
        assertEquals(1000, hint(0, false));
        assertEquals(1000, hint(1400, false));
    }

    @Test
    void quietChannelsArePolledLessOftenInStepsOfOneAndAHalf() {
        assertEquals(1500, hint(1500, false));
        assertEquals(2250, hint(2300, false));
        assertEquals(3375, hint(3400, false));
        assertEquals(30000, hint(3_600_000, false));
        assertEquals(30000, PollHints.nextPollMs(null, NOW, false));
    }

    @Test
    void aLoadedNodeAsksForHalfAsManyPollsWithinTheCap() {
        assertEquals(2000, hint(0, true));
        assertEquals(30000, hint(3_600_000, true));
    }
}
