package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bus.control.BusStatus;
import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import dev.herald.store.control.StoreUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel catching up after the bus was cut: what it missed comes from the history, then what
 * it heard meanwhile, each event once and in order, however the history read goes.
 */
class ChannelCatchUpTest {

    private static final Channel CHANNEL = Channel.user("42");

    /** Every task, delayed ones too, runs when the test says so. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            tasks.add(task);
            return null;
        }
    };
    private final FakeStore store = new FakeStore();
    private final List<EventId> received = new ArrayList<>();
    private boolean ended;
    private final ChannelRegistry registry = new ChannelRegistry();

    ChannelCatchUpTest() {
        registry.bus = new SilentBus();
        registry.store = store;
        registry.threads = new DeliveryThreads() {
            @Override
            public Executor writers() {
                return tasks::add;
            }

            @Override
            public ScheduledExecutorService timers() {
                return timers;
            }
        };
        registry.add(new Subscriber() {
            @Override
            public Channel channel() {
                return CHANNEL;
            }

            @Override
            public void offer(Envelope envelope) {
                if (!ended) {
                    received.add(envelope.id());
                }
            }

            @Override
            public void endForResume() {
                ended = true;
            }
        });
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void aCatchUpWaitsForTheStoreRatherThanLoseWhatItMissed() {
        heard(1);
        store.append(2, 3);
        store.failures = 2; // the pub/sub connection is back before the command connection
        registry.catchUp(CHANNEL);
        heard(4);
        runAll();
        assertEquals(ids(1, 2, 3, 4), received);
        assertEquals(3, store.reads);
    }

    @Test
    void liveEventsBeyondWhatIsHeldAreReadFromTheHistory() {
        heard(1);
        store.failures = 1;
        registry.catchUp(CHANNEL);
        long last = 2 + ChannelRegistry.MAX_HELD + 5;
        for (long id = 2; id <= last; id++) {
            heard(id);
        }
        runAll();
        assertEquals(ids(LongStream.rangeClosed(1, last).toArray()), received);
    }

    @Test
    void aCutDuringACatchUpReadsTheHistoryAgain() {
        heard(1);
        store.append(2);
        store.onRead = read -> {
            if (read == 1) {
                // Cut again while the first read runs: 3 is missed, 4 heard after the second resubscribe.
                registry.catchUp(CHANNEL);
                store.append(3);
                heard(4);
            }
        };
        registry.catchUp(CHANNEL);
        runAll();
        assertEquals(ids(1, 2, 3, 4), received);
    }

    @Test
    void aCatchUpThatMissedMoreThanTheHistoryKeepsEndsItsSubscribersToResume() {
        heard(1);
        store.append(2, 3, 4, 5);
        store.trimTo(2); // 1 to 3 are gone: the read after 1 is truncated
        registry.catchUp(CHANNEL);
        runAll();
        assertTrue(ended, "ended, to resume from its own position (and be told of the gap)");
        assertEquals(ids(1), received, "not handed 4 and 5 with a silent gap");
        assertEquals(Optional.of(new EventId(5, 0)), registry.newestHeard(CHANNEL),
                "the channel knows its newest id again (no stale 304 for a short poll)");
        heard(6);
        assertEquals(ids(1), received);
    }

    /** An event published (so stored) and heard live. */
    private void heard(long id) {
        store.append(id);
        registry.deliver(envelope(id));
    }

    private void runAll() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    private static Envelope envelope(long id) {
        return new Envelope(new EventId(id, 0), CHANNEL.key(), "t", id, "{}");
    }

    private static List<EventId> ids(long... ids) {
        return LongStream.of(ids).mapToObj(id -> new EventId(id, 0)).toList();
    }

    /** The history of one channel; fails the next {@code failures} reads. */
    private static final class FakeStore implements EventStore {
        final List<Envelope> events = new ArrayList<>();
        int failures;
        int reads;
        Consumer<Integer> onRead = read -> {};

        void append(long... ids) {
            for (long id : ids) {
                if (events.stream().noneMatch(e -> e.id().equals(new EventId(id, 0)))) {
                    events.add(envelope(id));
                }
            }
        }

        /** Keeps only the newest {@code count} events, as the history's bound does. */
        void trimTo(int count) {
            events.subList(0, events.size() - count).clear();
        }

        @Override
        public History readAfter(Channel channel, Optional<String> afterId, int limit) {
            reads++;
            if (failures > 0) {
                failures--;
                throw new StoreUnavailableException("Redis did not answer in time", null);
            }
            EventId after = afterId.flatMap(EventId::parse).orElseThrow();
            List<Envelope> found = events.stream().filter(e -> e.id().isAfter(after)).toList();
            boolean retained = events.stream().anyMatch(e -> !e.id().isAfter(after));
            onRead.accept(reads);
            return new History(found, retained ? History.Continuity.CONTINUOUS : History.Continuity.TRUNCATED);
        }

        @Override
        public Envelope append(Channel channel, EnvelopeBody body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> lastId(Channel channel) {
            return Optional.empty();
        }
    }

    private static final class SilentBus implements MessageBus {
        @Override
        public void listen(Consumer<Envelope> listener) {}

        @Override
        public void broadcast(String command) {}

        @Override
        public void onBroadcast(Consumer<String> listener) {}

        @Override
        public void subscribe(Channel channel) {}

        @Override
        public void unsubscribe(Channel channel) {}

        @Override
        public BusStatus status() {
            return new BusStatus("test", true, "");
        }
    }
}
