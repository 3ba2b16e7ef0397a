package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.channels.entity.EventType;
import dev.herald.fuzz.Hostile;
import dev.herald.it.SseEvent;
import dev.herald.it.SseParser;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * What a stream writes can never carry an injected SSE field or event: whatever data was
 * published (or whatever a corrupt store hands back), each envelope is one event with its id, its
 * type and exactly one data line. The frames are rendered the way a careless runtime would (field
 * values written verbatim, data not split into lines) and parsed as a browser does: any line
 * break in an id, a type or the data would show up as a different event.
 */
class SseFramingPropertiesTest {

    private static final Channel CHANNEL = Channel.topic("news");

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<OutboundSseEvent> written = new ArrayList<>();

    private StreamSubscriber stream() {
        SseEventSink sink = new SseEventSink() {
            @Override
            public boolean isClosed() {
                return false;
            }

            @Override
            public CompletionStage<?> send(OutboundSseEvent event) {
                written.add(event);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
        StreamSubscriber stream = new StreamSubscriber(CHANNEL, "reader", sink, new FakeSse(), new StreamSubscriber.Host() {
            @Override
            public Executor writers() {
                return tasks::add;
            }

            @Override
            public int maxQueuedEvents() {
                return 100_000;
            }

            @Override
            public void delivered(Envelope envelope) {
                // not counted here
            }

            @Override
            public void closed(StreamSubscriber subscriber, int droppedEvents) {
                // not counted here
            }
        });
        stream.start(List.of(), null);
        return stream;
    }

    private void runWriters() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    /** The bytes of the events as a runtime that writes every field value verbatim would send them. */
    private static byte[] careless(List<OutboundSseEvent> events) {
        StringBuilder wire = new StringBuilder();
        for (OutboundSseEvent event : events) {
            if (event.getComment() != null) {
                wire.append(": ").append(event.getComment()).append('\n');
            }
            if (event.getName() != null) {
                wire.append("event: ").append(event.getName()).append('\n');
            }
            if (event.getId() != null) {
                wire.append("id: ").append(event.getId()).append('\n');
            }
            if (event.getData() != null) {
                wire.append("data: ").append(((FakeSse.Event) event).text()).append('\n');
            }
            wire.append('\n');
        }
        return wire.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text after UTF-8 encoding, which turns an unpaired surrogate into '?': that is the wire, not the framing. */
    private static String onTheWire(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<SseEvent> parse(byte[] wire) {
        List<SseEvent> events = new ArrayList<>();
        new SseParser(events::add, comment -> { }).feed(wire);
        return events;
    }

    private static JsonValue parseJson(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Test
    void everyPublishedEnvelopeIsExactlyOneEventWithItsIdTypeAndOneDataLine() {
        Hostile hostile = Hostile.seeded("published framing");
        List<Envelope> sent = new ArrayList<>();
        StreamSubscriber stream = stream();
        hostile.check(Hostile.tries(1500), h -> new Object[] {h.type(), h.jsonValue(0)}, input -> {
            JsonValue data = parseJson((String) input[1]);
            String type = (String) input[0];
            if (data == null || !EventType.isValid(type)) {
                return; // refused at publishing (PublishBodiesPropertiesTest)
            }
            Envelope envelope = Envelope.of(new EventId(sent.size() + 1L, 0),
                    EnvelopeBody.of(CHANNEL, type, 1L, data));
            sent.add(envelope);
            stream.offer(envelope);
        });
        runWriters();
        List<SseEvent> received = parse(careless(written));
        assertTrue(sent.size() > 300, "enough valid envelopes generated: " + sent.size());
        assertEquals(sent.size(), received.size(), "one event per envelope, none injected");
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).id().toString(), received.get(i).idField());
            assertEquals(sent.get(i).type(), received.get(i).event());
            assertEquals(onTheWire(sent.get(i).json()), received.get(i).data());
        }
    }

    @Test
    void anEnvelopeThatCouldBreakTheFramingIsNeverWrittenWhateverTheStoreHandsBack() {
        Hostile hostile = Hostile.seeded("corrupt store framing");
        List<Envelope> safe = new ArrayList<>();
        StreamSubscriber stream = stream();
        hostile.check(Hostile.tries(1500), h -> new String[] {h.type(), h.anyText(40)}, input -> {
            // A Redis entry holds any type and body: a foreign writer or corruption, never Herald.
            Envelope envelope = new Envelope(new EventId(safe.size() + 1_000_000L + written.size() * 7L, 0), CHANNEL.key(),
                    input[0], 1L, "{\"x\":\"" + input[1] + "\"}");
            if (EnvelopeFrames.isSafeToFrame(envelope)) {
                safe.add(envelope);
            }
            stream.offer(envelope);
            runWriters();
        });
        List<SseEvent> received = parse(careless(written));
        assertEquals(safe.size(), written.size(), "only envelopes safe to frame are written");
        assertEquals(safe.size(), received.size(), "one event per written envelope, none injected");
        for (int i = 0; i < safe.size(); i++) {
            assertEquals(safe.get(i).id().toString(), received.get(i).idField());
            assertEquals(safe.get(i).type(), received.get(i).event());
            assertEquals(onTheWire(safe.get(i).json()), received.get(i).data());
        }
    }
}
