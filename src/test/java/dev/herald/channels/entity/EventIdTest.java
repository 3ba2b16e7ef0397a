package dev.herald.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void parsesTheRedisStreamIdForm() {
        assertEquals(new EventId(1732280000000L, 7), EventId.parse("1732280000000-7").orElseThrow());
        assertEquals("1732280000000-7", new EventId(1732280000000L, 7).toString());
    }

    @Test
    void rejectsWhatTheServerCouldNeverHaveIssued() {
        for (String text : List.of("", "abc", "1-", "-1", "1-2-3", " 1-0", "1-0 ", "+1-0", "1--0", "1-+0",
                "99999999999999999999-0", "1-99999999999999999999", "١-٠")) {
            assertTrue(EventId.parse(text).isEmpty(), text);
        }
        assertTrue(EventId.parse(null).isEmpty());
    }

    @Test
    void ordersByTimeThenSequence() {
        EventId a = new EventId(5, 9);
        EventId b = new EventId(6, 0);
        EventId c = new EventId(6, 1);
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0);
        assertTrue(c.isAfter(a));
        assertEquals(0, c.compareTo(new EventId(6, 1)));
    }

    @Test
    void nextIdIsAlwaysGreaterEvenWhenTheClockGoesBack() {
        EventId last = new EventId(1000, 3);
        assertEquals(new EventId(1001, 0), last.next(1001));
        assertEquals(new EventId(1000, 4), last.next(1000));
        assertEquals(new EventId(1000, 4), last.next(900));
    }

    @Test
    void previousIsTheGreatestIdBefore() {
        assertEquals(new EventId(5, 2), new EventId(5, 3).previous());
        assertEquals(new EventId(4, Long.MAX_VALUE), new EventId(5, 0).previous());
        assertEquals(EventId.ZERO, EventId.ZERO.previous());
    }
}
