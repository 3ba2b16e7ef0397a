package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkedPollTest {

    private static final Channel CHANNEL = Channel.topic("news");
    private final List<List<EventId>> answers = new ArrayList<>();

    private ParkedPoll poll(int limit) {
        return new ParkedPoll(CHANNEL, "reader", limit,
                (poll, events) -> answers.add(events.stream().map(Envelope::id).toList()));
    }

    private static Envelope envelope(long millis) {
        return new Envelope(new EventId(millis, 0), CHANNEL.key(), "t", millis, "{}");
    }

    @Test
    void anEventAfterTheBaselineAnswersOnceArmed() {
        ParkedPoll poll = poll(10);
        poll.arm(new EventId(5, 0));
        poll.offer(envelope(4));
        assertTrue(answers.isEmpty(), "not for an event at or before the baseline");
        poll.offer(envelope(6));
        poll.offer(envelope(7));
        assertEquals(List.of(List.of(new EventId(6, 0))), answers);
        assertFalse(poll.expire(), "answered once");
    }

    @Test
    void eventsThatCameBeforeArmingAnswerAtOnceWhenAfterTheBaseline() {
        ParkedPoll poll = poll(10);
        poll.offer(envelope(3));
        poll.offer(envelope(8));
        poll.arm(new EventId(5, 0));
        assertEquals(List.of(List.of(new EventId(8, 0))), answers);
    }

    @Test
    void theTimeoutAnswersEmpty() {
        ParkedPoll poll = poll(10);
        poll.arm(new EventId(5, 0));
        assertTrue(poll.expire());
        assertEquals(List.of(List.of()), answers);
        poll.offer(envelope(9));
        assertEquals(1, answers.size());
    }

    @Test
    void expiredBeforeItKnowsItsBaselineItAnswersWhenArmed() {
        ParkedPoll poll = poll(10);
        poll.offer(envelope(3));
        assertTrue(poll.expire(), "a kick or the node stopping reaches it before it is armed");
        assertTrue(answers.isEmpty(), "no answer without a baseline to answer from");
        assertFalse(poll.expire(), "expired once");
        poll.arm(new EventId(5, 0));
        assertEquals(List.of(List.of()), answers);
        poll.offer(envelope(9));
        assertEquals(1, answers.size(), "answered once");
    }

    @Test
    void itIsReleasedOnce() {
        ParkedPoll poll = poll(10);
        assertTrue(poll.release());
        assertFalse(poll.release());
    }

    @Test
    void aCancelledPollNeverAnswers() {
        ParkedPoll poll = poll(10);
        assertTrue(poll.cancel());
        poll.arm(EventId.ZERO);
        poll.offer(envelope(9));
        assertFalse(poll.expire());
        assertTrue(answers.isEmpty());
    }
}
