package dev.herald.subscriptions.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import java.util.ArrayList;
import java.util.List;

/**
 * A long-poll waiting for its channel's next events. It collects what the bus offers from the
 * moment it is registered; once armed, the first event after its baseline answers it. It holds no
 * thread: it is answered on the thread that offers the event, or by the timeout.
 */
final class ParkedPoll implements Subscriber {

    /** Answers a poll with the events after its baseline (possibly none). */
    interface Answerer {
        void answer(ParkedPoll poll, List<Envelope> events);
    }

    private final Channel channel;
    private final String connectionKey;
    private final int limit;
    private final Answerer answerer;

    private final List<Envelope> collected = new ArrayList<>();
    private EventId baseline;
    private boolean armed;
    private boolean done;
    // Expired (a kick, the node stopping) before it knew its baseline: it answers as soon as it does.
    private boolean expireOnArm;
    private boolean released;

    ParkedPoll(Channel channel, String connectionKey, int limit, Answerer answerer) {
        this.channel = channel;
        this.connectionKey = connectionKey;
        this.limit = limit;
        this.answerer = answerer;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    String connectionKey() {
        return connectionKey;
    }

    @Override
    public void offer(Envelope envelope) {
        List<Envelope> ready;
        synchronized (this) {
            if (done || collected.size() >= limit) {
                return;
            }
            collected.add(envelope);
            ready = armed ? takeLocked() : null;
        }
        answerIfReady(ready);
    }

    @Override
    public void endForResume() {
        expire();
    }

    /** Waits from now on for events after {@code after}; answers at once if some came already. */
    void arm(EventId after) {
        List<Envelope> ready;
        synchronized (this) {
            baseline = after;
            armed = true;
            if (expireOnArm && !done) {
                done = true;
                ready = after(baseline);
            } else {
                ready = takeLocked();
            }
        }
        answerIfReady(ready);
    }

    /** Ends the wait with whatever was collected (the timeout, or the node stopping); false if already answered. */
    boolean expire() {
        List<Envelope> events;
        synchronized (this) {
            if (done || expireOnArm) {
                return false;
            }
            if (!armed) {
                expireOnArm = true;
                return true;
            }
            done = true;
            events = after(baseline);
        }
        answerer.answer(this, events);
        return true;
    }

    /** Gives up without answering: the caller answers instead. */
    synchronized boolean cancel() {
        boolean wasOpen = !done;
        done = true;
        return wasOpen;
    }

    /** True the first time only: what the poll holds (its slot, its registration) is given back once. */
    synchronized boolean release() {
        boolean first = !released;
        released = true;
        return first;
    }

    synchronized EventId baseline() {
        return baseline;
    }

    private List<Envelope> takeLocked() {
        if (done) {
            return null;
        }
        List<Envelope> events = after(baseline);
        if (events.isEmpty()) {
            return null;
        }
        done = true;
        return events;
    }

    private List<Envelope> after(EventId id) {
        return collected.stream().filter(e -> id == null || e.id().isAfter(id)).toList();
    }

    private void answerIfReady(List<Envelope> ready) {
        if (ready != null) {
            answerer.answer(this, ready);
        }
    }
}
