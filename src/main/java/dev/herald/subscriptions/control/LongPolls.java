package dev.herald.subscriptions.control;

import dev.herald.admin.control.NodeStats;
import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import dev.herald.config.HeraldConfig;
import dev.herald.security.Caller;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ConnectionCallback;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Answers long-polls: at once when events after {@code since} are retained, otherwise parked on
 * the channel (registered before the history is read, so nothing slips between the read and the
 * wait) until the next event or the end of {@code wait}.
 */
@ApplicationScoped
public class LongPolls {

    @Inject
    EventStore store;

    @Inject
    ChannelRegistry registry;

    @Inject
    ConnectionLimits limits;

    @Inject
    NodeStats stats;

    @Inject
    HeraldConfig config;

    @Inject
    DeliveryThreads threads;

    @Inject
    ChannelWatches watches;

    @Inject
    MessageBus bus;

    /** A browser may keep an answer, but asks again each time: with If-None-Match, answered 304 when unchanged. */
    static final String CACHE_CONTROL = "private, no-cache";

    private final Set<ParkedPoll> parked = ConcurrentHashMap.newKeySet();
    // Set as the node answers its parked polls: a poll that comes later is refused or answered at once.
    private volatile boolean stopping;

    /**
     * A poll of {@code channel} from {@code since} (absent: from now), waiting up to
     * {@code waitSeconds}; {@code unchangedSince} is the cursor of the client's cached answer
     * (its {@code If-None-Match}), answered 304 when nothing came after it.
     */
    public void poll(Channel channel, Caller caller, Optional<EventId> since, int waitSeconds, int limit,
            Optional<EventId> unchangedSince, AsyncResponse async) {
        watches.watch(channel);
        boolean revalidating = since.isPresent() && unchangedSince.equals(since);
        if (revalidating && waitSeconds == 0 && bus.status().up()
                && registry.newestHeard(channel).filter(newest -> !newest.isAfter(since.get())).isPresent()) {
            async.resume(notModified(since.get()));
            return;
        }
        if (stopping) {
            throw NodeStopping.problem();
        }
        limits.acquire(caller.connectionKey());
        ParkedPoll poll = new ParkedPoll(channel, caller.connectionKey(), limit,
                (answered, events) -> answer(answered, async, events));
        registry.add(poll);
        try {
            EventId baseline;
            if (since.isPresent()) {
                History history = store.readAfter(channel, Optional.of(since.get().toString()), limit);
                boolean truncated = history.continuity() != History.Continuity.CONTINUOUS;
                if (revalidating && waitSeconds == 0 && !truncated && history.events().isEmpty()) {
                    unregister(poll);
                    async.resume(notModified(since.get()));
                    return;
                }
                if (truncated || !history.events().isEmpty()) {
                    unregister(poll);
                    async.resume(respond(channel, history.events(), since.get(), truncated));
                    return;
                }
                baseline = since.get();
            } else {
                baseline = store.lastId(channel).flatMap(EventId::parse).orElse(EventId.ZERO);
            }
            if (waitSeconds == 0) {
                unregister(poll);
                async.resume(respond(channel, List.of(), baseline, false));
                return;
            }
            parked.add(poll);
            stats.pollParked();
            if (stopping) {
                poll.expire(); // answerAll may have missed it: answered (empty) as soon as it is armed
            }
            async.setTimeoutHandler(timedOut -> poll.expire());
            async.setTimeout(waitSeconds, TimeUnit.SECONDS);
            // Where the runtime reports a vanished client (optional in JAX-RS), free its poll at once;
            // Payara does not for a parked request, so there the wait's end releases it (at most 60 s).
            async.register((ConnectionCallback) gone -> abandon(poll));
            poll.arm(baseline);
        } catch (RuntimeException failure) {
            if (!parked.contains(poll)) {
                unregister(poll);
            }
            throw failure;
        }
    }

    private void answer(ParkedPoll poll, AsyncResponse async, List<Envelope> events) {
        if (parked.remove(poll)) {
            stats.pollReleased();
            unregister(poll);
        }
        // The newest id is known without the store: the last event of the answer, or what the node heard
        // (a store read per answer was 18 ms on average while 500 parked polls were answered at once).
        Optional<EventId> newest = events.isEmpty()
                ? registry.newestHeard(poll.channel())
                : Optional.of(events.get(events.size() - 1).id());
        // Never answer on the offering thread: that is the bus listener, and a write may block.
        Runnable resume = () -> {
            try {
                async.resume(respond(poll.channel(), events, poll.baseline(), false, newest));
            } catch (RuntimeException failure) {
                async.resume(failure);
            }
        };
        try {
            threads.writers().execute(resume);
        } catch (RejectedExecutionException stopping) {
            resume.run();
        }
    }

    /** Frees a parked poll whose client went away; nobody is left to answer. */
    private void abandon(ParkedPoll poll) {
        if (poll.cancel() && parked.remove(poll)) {
            stats.pollReleased();
            unregister(poll);
        }
    }

    private static Response notModified(EventId cursor) {
        return Response.notModified(new EntityTag(cursor.toString())).header("Cache-Control", CACHE_CONTROL).build();
    }

    private Response respond(Channel channel, List<Envelope> events, EventId after, boolean truncated) {
        Optional<EventId> newest = store.lastId(channel).flatMap(EventId::parse);
        newest.ifPresent(id -> registry.seedNewest(channel, id));
        return respond(channel, events, after, truncated, newest);
    }

    private Response respond(Channel channel, List<Envelope> events, EventId after, boolean truncated,
            Optional<EventId> newestKnown) {
        Optional<EventId> newest = newestKnown.isPresent()
                ? newestKnown
                : store.lastId(channel).flatMap(EventId::parse);
        String cursor = events.isEmpty()
                ? (truncated ? newest.orElse(after) : after).toString()
                : events.get(events.size() - 1).id().toString();
        boolean loaded = stats.streams() + stats.polls() > config.maxConnections() * 8L / 10;
        long hint = PollHints.nextPollMs(newest.orElse(null), System.currentTimeMillis(), loaded);
        return Response.ok(new PollAnswer(events, cursor, truncated, hint).json(), MediaType.APPLICATION_JSON_TYPE)
                .tag(new EntityTag(cursor))
                .header("Cache-Control", CACHE_CONTROL)
                .build();
    }

    private void unregister(ParkedPoll poll) {
        poll.cancel();
        // Once: an answer that failed after the poll was released (a store read, say) comes here again.
        if (poll.release()) {
            registry.remove(poll);
            limits.release(poll.connectionKey());
        }
    }

    /** Answers (empty) every parked poll of {@code user} on this node; returns how many. */
    public int kick(String user) {
        int kicked = 0;
        for (ParkedPoll poll : List.copyOf(parked)) {
            if (poll.connectionKey().equals(user) && poll.expire()) {
                kicked++;
            }
        }
        return kicked;
    }

    /** Answers every parked poll (empty) so that clients come back, here or to another node; returns how many. */
    public int answerAll() {
        stopping = true;
        int answered = 0;
        for (ParkedPoll poll : List.copyOf(parked)) {
            if (poll.expire()) {
                answered++;
            }
        }
        return answered;
    }
}
