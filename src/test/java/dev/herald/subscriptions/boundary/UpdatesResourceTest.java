package dev.herald.subscriptions.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.channels.entity.EventId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdatesResourceTest {

    @Test
    void ifNoneMatchNamesTheCursorOfAnEarlierAnswer() {
        assertEquals(Optional.of(new EventId(5, 1)), UpdatesResource.cachedCursor("\"5-1\""));
        assertEquals(Optional.of(new EventId(5, 1)), UpdatesResource.cachedCursor("W/\"5-1\""));
        assertEquals(Optional.of(new EventId(7, 0)), UpdatesResource.cachedCursor("\"junk\", \"7-0\""));
        assertEquals(Optional.empty(), UpdatesResource.cachedCursor(null));
        assertEquals(Optional.empty(), UpdatesResource.cachedCursor("*"));
        assertEquals(Optional.empty(), UpdatesResource.cachedCursor("5-1"));
        assertEquals(Optional.empty(), UpdatesResource.cachedCursor("\"\""));
    }
}
