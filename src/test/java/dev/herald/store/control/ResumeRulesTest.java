package dev.herald.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.channels.entity.EventId;
import dev.herald.store.control.History.Continuity;
import org.junit.jupiter.api.Test;

class ResumeRulesTest {

    private static final EventId LAST = new EventId(100, 0);
    private static final EventId TRIMMED = new EventId(50, 0);

    @Test
    void aRetainedIdContinues() {
        assertEquals(Continuity.CONTINUOUS, ResumeRules.classify(new EventId(60, 0), LAST, TRIMMED, true));
    }

    @Test
    void theLastTrimmedIdStillContinues() {
        assertEquals(Continuity.CONTINUOUS, ResumeRules.classify(TRIMMED, LAST, TRIMMED, false));
    }

    @Test
    void anIdBeforeTheTrimmedOnesIsTruncated() {
        assertEquals(Continuity.TRUNCATED, ResumeRules.classify(new EventId(10, 0), LAST, TRIMMED, false));
    }

    @Test
    void anIdNewerThanAnyIssuedIsUnknown() {
        assertEquals(Continuity.UNKNOWN_ID, ResumeRules.classify(new EventId(101, 0), LAST, TRIMMED, false));
    }

    @Test
    void anIdInsideTheRetainedRangeThatIsNotRetainedWasNeverIssued() {
        assertEquals(Continuity.UNKNOWN_ID, ResumeRules.classify(new EventId(60, 1), LAST, TRIMMED, false));
        assertEquals(Continuity.UNKNOWN_ID, ResumeRules.classify(new EventId(10, 0), LAST, null, false));
    }

    @Test
    void aChannelThatNeverIssuedKnowsNoId() {
        assertEquals(Continuity.UNKNOWN_ID, ResumeRules.classify(new EventId(10, 0), null, null, false));
    }

    @Test
    void zeroIsThePositionBeforeTheFirstEvent() {
        assertEquals(Continuity.CONTINUOUS, ResumeRules.classify(EventId.ZERO, null, null, false));
        assertEquals(Continuity.CONTINUOUS, ResumeRules.classify(EventId.ZERO, LAST, null, false));
        assertEquals(Continuity.TRUNCATED, ResumeRules.classify(EventId.ZERO, LAST, TRIMMED, false));
    }
}
