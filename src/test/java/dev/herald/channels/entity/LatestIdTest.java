package dev.herald.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatestIdTest {

    @Test
    void holdsNothingAtFirstAndEveryIdIsNewer() {
        LatestId latest = new LatestId();
        assertEquals(Optional.empty(), latest.get());
        assertTrue(latest.isOlderThan(EventId.ZERO));
        assertTrue(latest.isOlderThan(new EventId(5, 9)));
    }

    @Test
    void comparesByTimeThenSequenceLikeTheIdsItHolds() {
        LatestId latest = new LatestId();
        latest.set(new EventId(6, 1));
        assertFalse(latest.isOlderThan(new EventId(5, 9)));
        assertFalse(latest.isOlderThan(new EventId(6, 0)));
        assertFalse(latest.isOlderThan(new EventId(6, 1)));
        assertTrue(latest.isOlderThan(new EventId(6, 2)));
        assertTrue(latest.isOlderThan(new EventId(7, 0)));
    }

    @Test
    void givesBackAnEqualIdButNotTheObjectItWasShown() {
        LatestId latest = new LatestId();
        EventId shown = new EventId(1732280000000L, 3);
        latest.set(shown);
        assertEquals(shown, latest.get().orElseThrow());
        assertNotSame(shown, latest.get().orElseThrow());
        latest.set(EventId.ZERO);
        assertEquals(EventId.ZERO, latest.get().orElseThrow());
    }
}
