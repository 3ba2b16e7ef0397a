package dev.herald.channels.entity;

import java.util.Optional;

/**
 * The newest event id something has seen, kept as two numbers instead of a reference to the
 * latest event's {@link EventId}. What keeps one (a channel, an open stream) lives for hours; the
 * latest id lives until its channel's next event. With G1, every young collection until that id
 * dies scans the card of each long-lived object pointing at it: with 10,000 streams, one such
 * reference per stream and per channel made most of scenario b's young pauses (bench/README.md,
 * finding 32). Numbers cost no card. Not thread-safe: its owner's lock guards it.
 */
public final class LatestId {

    private long millis = -1;
    private long sequence;

    /** Whether {@code id} is newer than the one held; any id is when none is held. */
    public boolean isOlderThan(EventId id) {
        return millis < 0 || id.compareTo(millis, sequence) > 0;
    }

    public void set(EventId id) {
        millis = id.millis();
        sequence = id.sequence();
    }

    /** The id held, made anew: for reads that are rare (a resume, a poll), not for every event. */
    public Optional<EventId> get() {
        return millis < 0 ? Optional.empty() : Optional.of(new EventId(millis, sequence));
    }
}
