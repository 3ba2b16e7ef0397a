package dev.herald.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.store.control.History.Continuity;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryEventStoreTest {

    private static final Channel CHANNEL = Channel.user("42");

    private final MutableClock clock = new MutableClock(1_000_000);
    private final InMemoryMessageBus bus = new InMemoryMessageBus();
    private final List<Envelope> heard = Collections.synchronizedList(new ArrayList<>());

    private InMemoryEventStore store(int maxEvents, Duration maxAge) {
        bus.listen(heard::add);
        return new InMemoryEventStore(bus, new Retention(maxEvents, maxAge), clock);
    }

    private Envelope append(InMemoryEventStore store, Channel channel) {
        return store.append(channel, EnvelopeBody.of(channel, "t", clock.millis(), JsonValue.NULL));
    }

    private static List<EventId> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::id).toList();
    }

    @Test
    void idsIncreaseStrictlyWithinAMillisecondAndWhenTheClockGoesBack() {
        InMemoryEventStore store = store(100, Duration.ofDays(1));
        Envelope first = append(store, CHANNEL);
        Envelope second = append(store, CHANNEL);
        clock.set(999_000);
        Envelope third = append(store, CHANNEL);
        assertEquals(new EventId(1_000_000, 0), first.id());
        assertEquals(new EventId(1_000_000, 1), second.id());
        assertEquals(new EventId(1_000_000, 2), third.id());
    }

    @Test
    void keepsExactlyMaxEventsAndReportsOlderIdsAsTruncated() {
        InMemoryEventStore store = store(3, Duration.ofDays(1));
        List<Envelope> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(1);
            all.add(append(store, CHANNEL));
        }
        History everything = store.readAfter(CHANNEL, Optional.empty(), 100);
        assertEquals(ids(all.subList(2, 5)), ids(everything.events()));
        History fromFirst = store.readAfter(CHANNEL, Optional.of(all.get(0).id().toString()), 100);
        assertEquals(Continuity.TRUNCATED, fromFirst.continuity());
        assertEquals(ids(all.subList(2, 5)), ids(fromFirst.events()));
        History fromLastTrimmed = store.readAfter(CHANNEL, Optional.of(all.get(1).id().toString()), 100);
        assertEquals(Continuity.CONTINUOUS, fromLastTrimmed.continuity());
        assertEquals(ids(all.subList(2, 5)), ids(fromLastTrimmed.events()));
    }

    @Test
    void dropsEventsOlderThanTheMaxAge() {
        InMemoryEventStore store = store(100, Duration.ofSeconds(10));
        Envelope old = append(store, CHANNEL);
        clock.advance(11_000);
        Envelope fresh = append(store, CHANNEL);
        History history = store.readAfter(CHANNEL, Optional.empty(), 100);
        assertEquals(List.of(fresh.id()), ids(history.events()));
        assertEquals(Continuity.CONTINUOUS, store.readAfter(CHANNEL, Optional.of(old.id().toString()), 100).continuity());
        clock.advance(11_000);
        assertEquals(List.of(), store.readAfter(CHANNEL, Optional.empty(), 100).events());
        assertEquals(Continuity.TRUNCATED, store.readAfter(CHANNEL, Optional.of(old.id().toString()), 100).continuity());
    }

    @Test
    void readsAfterAnIdInPagesOldestFirst() {
        InMemoryEventStore store = store(100, Duration.ofDays(1));
        List<Envelope> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(append(store, CHANNEL));
        }
        History page = store.readAfter(CHANNEL, Optional.of(all.get(1).id().toString()), 2);
        assertEquals(Continuity.CONTINUOUS, page.continuity());
        assertEquals(ids(all.subList(2, 4)), ids(page.events()));
        assertEquals(Optional.of(all.get(5).id().toString()), store.lastId(CHANNEL));
    }

    @Test
    void malformedFutureAndNeverIssuedIdsAreUnknownAndReadFromTheOldest() {
        InMemoryEventStore store = store(100, Duration.ofDays(1));
        Envelope first = append(store, CHANNEL);
        clock.advance(5);
        Envelope second = append(store, CHANNEL);
        for (String id : List.of("garbage", "9999999999999-0", new EventId(1_000_002, 0).toString(), "1-0")) {
            History history = store.readAfter(CHANNEL, Optional.of(id), 100);
            assertEquals(Continuity.UNKNOWN_ID, history.continuity(), id);
            assertEquals(List.of(first.id(), second.id()), ids(history.events()), id);
        }
        assertEquals(Continuity.UNKNOWN_ID, store.readAfter(Channel.user("nobody"), Optional.of("5-0"), 10).continuity());
        assertEquals(Optional.empty(), store.lastId(Channel.user("nobody")));
    }

    @Test
    void appendHandsEventsToTheBusOnlyForSubscribedChannelsInOrder() {
        InMemoryEventStore store = store(100, Duration.ofDays(1));
        append(store, Channel.topic("unheard"));
        bus.subscribe(CHANNEL);
        Envelope a = append(store, CHANNEL);
        Envelope b = append(store, CHANNEL);
        assertEquals(List.of(a, b), heard);
    }

    @Test
    void concurrentPublishersLeaveTheBusInIdOrderWithoutGaps() throws InterruptedException {
        InMemoryEventStore store = store(10_000, Duration.ofDays(1));
        bus.subscribe(CHANNEL);
        ExecutorService publishers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 2000; i++) {
            publishers.execute(() -> store.append(CHANNEL,
                    EnvelopeBody.of(CHANNEL, "t", System.currentTimeMillis(), JsonValue.TRUE)));
        }
        publishers.shutdown();
        assertTrue(publishers.awaitTermination(30, TimeUnit.SECONDS));
        List<EventId> order = ids(heard);
        assertEquals(2000, order.size());
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i).isAfter(order.get(i - 1)), "in id order at " + i);
        }
        assertEquals(order, ids(store.readAfter(CHANNEL, Optional.empty(), 10_000).events()));
    }

    private InMemoryEventStore boundedStore(int maxEvents, Duration maxAge, long maxTotalEvents) {
        bus.listen(heard::add);
        return new InMemoryEventStore(bus, new Retention(maxEvents, maxAge, maxTotalEvents), clock);
    }

    @Test
    void theNodeKeepsAtMostItsBoundAcrossChannelsTheOldestGoingFirst() {
        InMemoryEventStore store = boundedStore(100, Duration.ofDays(1), 3);
        Channel other = Channel.topic("news");
        Envelope a1 = append(store, CHANNEL);
        clock.advance(1);
        Envelope a2 = append(store, CHANNEL);
        clock.advance(1);
        Envelope b1 = append(store, other);
        clock.advance(1);
        Envelope b2 = append(store, other);

        assertEquals(3, store.retainedEvents());
        assertEquals(List.of(a2.id()), ids(store.readAfter(CHANNEL, Optional.empty(), 100).events()));
        assertEquals(List.of(b1.id(), b2.id()), ids(store.readAfter(other, Optional.empty(), 100).events()));
        // Resuming from the evicted event itself still continues; from before it, it does not.
        assertEquals(Continuity.CONTINUOUS, store.readAfter(CHANNEL, Optional.of(a1.id().toString()), 100).continuity());
        assertEquals(Continuity.TRUNCATED, store.readAfter(CHANNEL, Optional.of(EventId.ZERO.toString()), 100).continuity());

        clock.advance(1);
        Envelope b3 = append(store, other);
        assertEquals(List.of(), store.readAfter(CHANNEL, Optional.empty(), 100).events());
        assertEquals(Continuity.TRUNCATED, store.readAfter(CHANNEL, Optional.of(a1.id().toString()), 100).continuity());
        assertEquals(List.of(b1.id(), b2.id(), b3.id()), ids(store.readAfter(other, Optional.empty(), 100).events()));
        assertEquals(3, store.retainedEvents());
        // Its ids go on from where they were.
        assertTrue(append(store, CHANNEL).id().isAfter(a2.id()));
    }

    @Test
    void aQuietChannelsEventsLeaveAtTheMaxAgeOnceAnyChannelIsWrittenTo() {
        InMemoryEventStore store = boundedStore(100, Duration.ofSeconds(10), 1_000);
        Channel quiet = Channel.user("quiet");
        append(store, quiet);
        append(store, quiet);
        clock.advance(11_000);

        append(store, CHANNEL);

        assertEquals(1, store.retainedEvents());
        assertEquals(List.of(), store.readAfter(quiet, Optional.empty(), 100).events());
    }

    @Test
    void concurrentPublishersToManyChannelsLeaveEachTheNewestOfItsOwnWithinTheBound() throws InterruptedException {
        int bound = 500;
        InMemoryEventStore store = boundedStore(50, Duration.ofDays(1), bound);
        List<Channel> channels = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            channels.add(Channel.user("u" + c));
        }
        List<Envelope> accepted = Collections.synchronizedList(new ArrayList<>());
        ExecutorService publishers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 20_000; i++) {
            Channel channel = channels.get(i % channels.size());
            publishers.execute(() -> accepted.add(store.append(channel,
                    EnvelopeBody.of(channel, "t", clock.millis(), JsonValue.TRUE))));
        }
        publishers.shutdown();
        assertTrue(publishers.awaitTermination(60, TimeUnit.SECONDS));

        long held = 0;
        for (Channel channel : channels) {
            List<EventId> kept = ids(store.readAfter(channel, Optional.empty(), 1_000).events());
            List<EventId> all = accepted.stream().filter(e -> e.channel().equals(channel.key()))
                    .map(Envelope::id).sorted().toList();
            // What a channel keeps is the newest of what it was given, in order, none missing between.
            assertEquals(all.subList(all.size() - kept.size(), all.size()), kept, channel.key());
            held += kept.size();
        }
        assertTrue(held <= bound, "held " + held);
        assertEquals(held, store.retainedEvents());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        void advance(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
