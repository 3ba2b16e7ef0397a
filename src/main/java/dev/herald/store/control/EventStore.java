package dev.herald.store.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import java.util.List;
import java.util.Optional;

/**
 * The port for each channel's bounded history. The store assigns ids, and appending is also
 * handing the event to the bus, as one step: an event is either in the history and on its way to
 * every node, or neither. Methods throw {@link StoreUnavailableException} when the backing
 * service cannot be reached.
 */
public interface EventStore {

    /** Assigns the next id of the body's channel, retains the event and publishes it. */
    Envelope append(Channel channel, EnvelopeBody body);

    /** Appends several events in the order given; each is appended as by {@link #append}. */
    default List<Envelope> appendAll(List<Draft> drafts) {
        return drafts.stream().map(draft -> append(draft.channel(), draft.body())).toList();
    }

    /**
     * Reads up to {@code limit} retained events after {@code afterId}, oldest first; with no
     * {@code afterId}, from the oldest retained. The answer says whether the read continues
     * {@code afterId} without a gap.
     */
    History readAfter(Channel channel, Optional<String> afterId, int limit);

    /** The id of the newest event ever appended to the channel, if it still knows one. */
    Optional<String> lastId(Channel channel);

    /** One event to append: its channel and its body. */
    record Draft(Channel channel, EnvelopeBody body) {}
}
