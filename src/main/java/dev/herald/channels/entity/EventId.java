package dev.herald.channels.entity;

import java.util.Optional;

/**
 * An event id: milliseconds and a sequence number, written {@code 1732280000000-0} — the form of
 * a Redis Stream id, so both stores issue the same kind. Ordered first by time, then by sequence.
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

    public static final EventId ZERO = new EventId(0, 0);

    public EventId {
        if (millis < 0 || sequence < 0) {
            throw new IllegalArgumentException("negative id part");
        }
    }

    /** Parses an id; empty when the text is not one the server could have issued. */
    public static Optional<EventId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        if (dash < 1 || dash == text.length() - 1 || dash > 19 || text.length() - dash - 1 > 19) {
            return Optional.empty();
        }
        String millis = text.substring(0, dash);
        String sequence = text.substring(dash + 1);
        if (!isDigits(millis) || !isDigits(sequence)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EventId(Long.parseLong(millis), Long.parseLong(sequence)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The id that follows this one for an event accepted at {@code nowMillis}. */
    public EventId next(long nowMillis) {
        return nowMillis > millis ? new EventId(nowMillis, 0) : new EventId(millis, sequence + 1);
    }

    /** The greatest id before this one; {@link #ZERO} has none and answers itself. */
    public EventId previous() {
        if (sequence > 0) {
            return new EventId(millis, sequence - 1);
        }
        return millis > 0 ? new EventId(millis - 1, Long.MAX_VALUE) : ZERO;
    }

    @Override
    public int compareTo(EventId other) {
        return compareTo(other.millis, other.sequence);
    }

    /** Compares with the id made of {@code otherMillis} and {@code otherSequence}, without making it. */
    public int compareTo(long otherMillis, long otherSequence) {
        int byTime = Long.compare(millis, otherMillis);
        return byTime != 0 ? byTime : Long.compare(sequence, otherSequence);
    }

    public boolean isAfter(EventId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
