package dev.herald.store.control;

import dev.herald.channels.entity.Envelope;
import java.util.List;

/** A read of a channel's history and whether it follows the id it was asked to continue from. */
public record History(List<Envelope> events, Continuity continuity) {

    /** How a read relates to the id it continues from. */
    public enum Continuity {
        /** Every event after that id is in the read (or in the next page of it). */
        CONTINUOUS,
        /** Events after that id have been trimmed away: the read starts at the oldest retained. */
        TRUNCATED,
        /** The id is malformed or one this channel never issued: the read starts at the oldest retained. */
        UNKNOWN_ID;

        /** The {@code reason} a client is told, or {@code null} when nothing was missed. */
        public String reason() {
            return switch (this) {
                case CONTINUOUS -> null;
                case TRUNCATED -> "history-truncated";
                case UNKNOWN_ID -> "unknown-id";
            };
        }
    }
}
