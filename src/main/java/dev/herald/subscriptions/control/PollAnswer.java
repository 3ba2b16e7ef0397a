package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Envelope;
import java.util.List;
import java.util.stream.Collectors;

/** What a poll answers: the updates, the cursor to continue from, whether history was lost, and the hint. */
public record PollAnswer(List<Envelope> updates, String cursor, boolean truncated, long nextPollMs) {

    /** The JSON body; envelopes are written as they were serialised when accepted. */
    public String json() {
        String events = updates.stream().map(Envelope::json).collect(Collectors.joining(",", "[", "]"));
        return "{\"updates\":" + events + ",\"cursor\":\"" + cursor + "\",\"truncated\":" + truncated
                + ",\"nextPollMs\":" + nextPollMs + "}";
    }
}
