package dev.herald.store.control;

import dev.herald.channels.entity.EventId;
import dev.herald.store.control.History.Continuity;

/** Decides whether a channel's retained history still continues a client's last id; shared by every store. */
public final class ResumeRules {

    private ResumeRules() {}

    /**
     * @param after the client's id
     * @param lastIssued the newest id the channel ever issued, {@code null} if none
     * @param trimmedUpTo the newest id trimmed from the history, {@code null} if none
     * @param retained whether {@code after} itself is still retained
     */
    public static Continuity classify(EventId after, EventId lastIssued, EventId trimmedUpTo, boolean retained) {
        if (after.equals(EventId.ZERO)) {
            // The position before the first event: a new poller's cursor on a quiet channel.
            return trimmedUpTo == null ? Continuity.CONTINUOUS : Continuity.TRUNCATED;
        }
        if (lastIssued == null || after.isAfter(lastIssued)) {
            return Continuity.UNKNOWN_ID;
        }
        if (retained || after.equals(trimmedUpTo)) {
            return Continuity.CONTINUOUS;
        }
        if (trimmedUpTo != null && trimmedUpTo.isAfter(after)) {
            // It may have been issued and trimmed since: what followed it is partly gone.
            return Continuity.TRUNCATED;
        }
        // Everything newer than the last trimmed id is retained, so this one was never issued.
        return Continuity.UNKNOWN_ID;
    }
}
