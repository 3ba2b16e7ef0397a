package dev.herald.subscriptions.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.channels.entity.EventId;
import dev.herald.fuzz.Hostile;
import dev.herald.security.Caller;
import dev.herald.security.Caller.TokenSource;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
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

    @Test
    void aHostileIfNoneMatchNamesNoCursorOrAValidOneNeverAFailure() {
        Hostile.seeded("if-none-match").check(Hostile.tries(2000), h -> h.chance(0.5) ? "\"" + h.eventIdText() + "\"" : h.headerText(),
                header -> UpdatesResource.cachedCursor(header).ifPresent(id -> assertEquals(Optional.of(id), EventId.parse(id.toString()))));
    }

    @Test
    void aParkedPollIsAnsweredBeforeItsTokenExpires() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(25, UpdatesResource.waitWithin(caller(now.plusSeconds(3600)), 25, now));
        assertEquals(3, UpdatesResource.waitWithin(caller(now.plusMillis(3999)), 25, now));
        assertEquals(0, UpdatesResource.waitWithin(caller(now.plusMillis(999)), 25, now));
        assertEquals(0, UpdatesResource.waitWithin(caller(now.minusSeconds(1)), 25, now));
        assertEquals(25, UpdatesResource.waitWithin(Caller.anonymousDeveloper(), 25, now), "dev mode's caller has no exp");
    }

    private static Caller caller(Instant exp) {
        return new Caller("alice", Set.of(), Set.of(), TokenSource.HEADER, false, exp);
    }
}
