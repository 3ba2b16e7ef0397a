package dev.herald.subscriptions.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends what a token allowed when the token expires: one shared timer tick looks at the earliest
 * deadlines, so no connection owns a task or a thread. A deadline fires up to one tick before it
 * is due, never after (as far as the timer keeps time): a token is never served past its
 * {@code exp}.
 */
@ApplicationScoped
public class TokenDeadlines {

    private static final Logger LOG = Logger.getLogger(TokenDeadlines.class.getName());
    static final long TICK_MILLIS = 250;

    @Inject
    DeliveryThreads threads;

    private final ConcurrentSkipListSet<Deadline> pending = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(Deadline::atMillis).thenComparingLong(Deadline::sequence));
    private final AtomicLong sequence = new AtomicLong();

    /** A registered deadline; cancel it when what it guards ends first. */
    public final class Deadline {
        private final long atMillis;
        private final long sequence;
        private final Runnable action;

        private Deadline(long atMillis, long sequence, Runnable action) {
            this.atMillis = atMillis;
            this.sequence = sequence;
            this.action = action;
        }

        long atMillis() {
            return atMillis;
        }

        long sequence() {
            return sequence;
        }

        /** Forgets the deadline; its action will not run (unless it is running already). */
        public void cancel() {
            pending.remove(this);
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        threads.timers().scheduleWithFixedDelay(
                () -> fireDue(System.currentTimeMillis()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} on the timer thread when {@code expiry} comes; the action must return at once. */
    public Deadline at(Instant expiry, Runnable action) {
        Deadline deadline = new Deadline(expiry.toEpochMilli(), sequence.incrementAndGet(), action);
        pending.add(deadline);
        return deadline;
    }

    /** Fires every deadline due within a tick of {@code nowMillis}; returns how many fired. */
    int fireDue(long nowMillis) {
        int fired = 0;
        // The set iterates in deadline order and tolerates concurrent additions and cancellations.
        for (Deadline deadline : pending) {
            if (deadline.atMillis() > nowMillis + TICK_MILLIS) {
                break;
            }
            if (!pending.remove(deadline)) {
                continue; // cancelled meanwhile
            }
            fired++;
            try {
                deadline.action.run();
            } catch (RuntimeException failure) {
                // One failing action must not stop the tick: a periodic task that throws never runs again.
                LOG.log(Level.WARNING, "a token deadline's action failed", failure);
            }
        }
        return fired;
    }

    int pendingCount() {
        return pending.size();
    }
}
