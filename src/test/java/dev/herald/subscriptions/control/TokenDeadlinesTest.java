package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenDeadlinesTest {

    private final TokenDeadlines deadlines = new TokenDeadlines();
    private final List<String> fired = new ArrayList<>();

    private TokenDeadlines.Deadline at(long millis, String name) {
        return deadlines.at(Instant.ofEpochMilli(millis), () -> fired.add(name));
    }

    @Test
    void deadlinesFireInOrderWithinATickBeforeTheyAreDueAndNeverLater() {
        at(10_000, "b");
        at(5_000, "a");
        at(10_000, "c");
        at(20_000, "d");
        assertEquals(0, deadlines.fireDue(5_000 - TokenDeadlines.TICK_MILLIS - 1));
        assertEquals(1, deadlines.fireDue(5_000 - TokenDeadlines.TICK_MILLIS));
        assertEquals(List.of("a"), fired);
        assertEquals(2, deadlines.fireDue(10_000));
        assertEquals(List.of("a", "b", "c"), fired);
        assertEquals(1, deadlines.pendingCount());
    }

    @Test
    void aCancelledDeadlineNeverFiresAndIsForgotten() {
        TokenDeadlines.Deadline cancelled = at(1_000, "cancelled");
        at(1_000, "kept");
        cancelled.cancel();
        deadlines.fireDue(2_000);
        assertEquals(List.of("kept"), fired);
        assertEquals(0, deadlines.pendingCount());
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() {
        deadlines.at(Instant.ofEpochMilli(1_000), () -> {
            throw new IllegalStateException("stream already gone");
        });
        at(1_001, "after");
        assertEquals(2, deadlines.fireDue(2_000));
        assertEquals(List.of("after"), fired);
    }

    @Test
    void aDeadlineAlreadyPastFiresAtTheNextTick() {
        at(0, "expired");
        assertEquals(1, deadlines.fireDue(System.currentTimeMillis()));
    }
}
