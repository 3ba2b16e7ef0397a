package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class StreamSubscriberTest {

    private static final Channel CHANNEL = Channel.user("42");

    /** Runs queued tasks when the test says so. */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    /** Records what is written; can fail, or complete writes later. */
    private static final class RecordingSink implements SseEventSink {
        final List<OutboundSseEvent> written = new ArrayList<>();
        final ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
        boolean failing;
        boolean asynchronous;
        int closes;

        @Override
        public boolean isClosed() {
            return closes > 0;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (failing) {
                return CompletableFuture.failedFuture(new java.io.IOException("broken pipe"));
            }
            written.add(event);
            if (asynchronous) {
                CompletableFuture<Void> later = new CompletableFuture<>();
                pending.add(later);
                return later;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final ManualExecutor writers = new ManualExecutor();
    private final RecordingSink sink = new RecordingSink();
    private final List<Integer> droppedOnClose = new ArrayList<>();
    private int delivered;

    private StreamSubscriber subscriber(int maxQueued) {
        return new StreamSubscriber(CHANNEL, "42", sink, new FakeSse(), new StreamSubscriber.Host() {
            @Override
            public Executor writers() {
                return writers;
            }

            @Override
            public int maxQueuedEvents() {
                return maxQueued;
            }

            @Override
            public void delivered(Envelope envelope) {
                delivered++;
            }

            @Override
            public void closed(StreamSubscriber subscriber, int droppedEvents) {
                droppedOnClose.add(droppedEvents);
            }
        });
    }

    private static Envelope envelope(long millis) {
        EventId id = new EventId(millis, 0);
        return new Envelope(id, CHANNEL.key(), "t", millis, "{\"id\":\"" + id + "\"}");
    }

    private List<String> writtenIds() {
        return sink.written.stream().map(OutboundSseEvent::getId).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void writesTheOpeningFirstThenLiveEventsAfterTheReplaySkippingWhatItSent() {
        StreamSubscriber stream = subscriber(100);
        stream.offer(envelope(2));
        stream.offer(envelope(3));
        stream.offer(envelope(4));
        OutboundSseEvent connected = new FakeSse().newEventBuilder().name("connected").data("{}").build();
        stream.start(List.of(connected, envelope(1), envelope(2), envelope(3)), new EventId(3, 0));
        writers.runAll();
        assertEquals("connected", sink.written.get(0).getName());
        assertEquals(List.of("1-0", "2-0", "3-0", "4-0"), writtenIds());
        assertEquals(4, delivered);
    }

    @Test
    void liveEventsAreWrittenInOrderAndNeverTwice() {
        StreamSubscriber stream = subscriber(100);
        stream.start(List.of(), null);
        stream.offer(envelope(5));
        stream.offer(envelope(6));
        stream.offer(envelope(6));
        stream.offer(envelope(4));
        stream.offer(envelope(7));
        writers.runAll();
        assertEquals(List.of("5-0", "6-0", "7-0"), writtenIds());
        OutboundSseEvent first = sink.written.get(0);
        assertEquals("t", first.getName());
        assertEquals("{\"id\":\"5-0\"}", ((FakeSse.Event) first).text());
    }

    @Test
    void aStreamThatFallsTooFarBehindIsClosedAndItsQueueCountedAsDropped() {
        StreamSubscriber stream = subscriber(3);
        stream.start(List.of(), null);
        for (int i = 1; i <= 4; i++) {
            stream.offer(envelope(i));
        }
        assertEquals(List.of(3), droppedOnClose);
        writers.runAll();
        assertEquals(1, sink.closes);
        assertEquals(List.of(), writtenIds());
        stream.offer(envelope(9));
        writers.runAll();
        assertEquals(List.of(), writtenIds(), "nothing after close");
    }

    @Test
    void aFailedWriteClosesTheStreamOnce() {
        StreamSubscriber stream = subscriber(100);
        stream.start(List.of(), null);
        sink.failing = true;
        stream.offer(envelope(1));
        stream.offer(envelope(2));
        writers.runAll();
        stream.close();
        writers.runAll();
        assertEquals(List.of(1), droppedOnClose);
        assertEquals(1, sink.closes);
    }

    @Test
    void heartbeatsAreQueuedOnlyForIdleStreams() {
        StreamSubscriber stream = subscriber(100);
        stream.heartbeatIfIdle(System.nanoTime() + 10_000_000_000L, 1);
        writers.runAll();
        assertTrue(sink.written.isEmpty(), "not before the stream started");
        stream.start(List.of(), null);
        stream.heartbeatIfIdle(System.nanoTime(), 60_000_000_000L);
        writers.runAll();
        assertTrue(sink.written.isEmpty(), "not when something was written recently");
        stream.heartbeatIfIdle(System.nanoTime() + 120_000_000_000L, 60_000_000_000L);
        writers.runAll();
        assertEquals(1, sink.written.size());
        assertEquals("keep-alive", sink.written.get(0).getComment());
    }

    @Test
    void anAsynchronousSinkStillGetsEventsInOrderOneAtATime() {
        sink.asynchronous = true;
        StreamSubscriber stream = subscriber(100);
        stream.start(List.of(), null);
        stream.offer(envelope(1));
        stream.offer(envelope(2));
        stream.offer(envelope(3));
        writers.runAll();
        assertEquals(List.of("1-0"), writtenIds(), "waits for the first write");
        while (!sink.pending.isEmpty()) {
            sink.pending.poll().complete(null);
            writers.runAll();
        }
        assertEquals(List.of("1-0", "2-0", "3-0"), writtenIds());
    }

    @Test
    void aKickWritesWhatIsQueuedThenTheLastFrameThenCloses() {
        StreamSubscriber stream = subscriber(100);
        stream.start(List.of(), null);
        stream.offer(envelope(1));
        stream.finish(new FakeSse().newEventBuilder().name("kicked").data("{}").build());
        writers.runAll();
        assertEquals("kicked", sink.written.get(sink.written.size() - 1).getName());
        assertEquals(List.of("1-0"), writtenIds());
        assertEquals(1, sink.closes);
        assertEquals(List.of(0), droppedOnClose);
    }

    @Test
    void aStoppingNodesRetryHintGoesAheadOfWhatIsQueuedAndIsWrittenByAWriter() {
        StreamSubscriber stream = subscriber(100);
        stream.start(List.of(), null);
        writers.runAll();
        stream.offer(envelope(1));
        stream.offer(envelope(2));
        stream.closeWith(new FakeSse().newEventBuilder().comment("node stopping").reconnectDelay(700).build());
        assertEquals(0, sink.written.size(), "nothing written on the stopping thread");
        writers.runAll();
        assertEquals(1, sink.written.size(), "the queued events are left to the client's resume");
        assertEquals(700, sink.written.get(0).getReconnectDelay());
        assertEquals(1, sink.closes);
    }
}
