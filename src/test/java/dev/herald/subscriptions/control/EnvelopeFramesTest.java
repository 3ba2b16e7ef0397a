package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.junit.jupiter.api.Test;

class EnvelopeFramesTest {

    private final EnvelopeFrames frames = new EnvelopeFrames();
    private final FakeSse sse = new FakeSse();

    private static Envelope envelope(long millis, String json) {
        return new Envelope(new EventId(millis, 0), "user:42", "t", millis, json);
    }

    @Test
    void theStreamsOfOneEventShareOneFrame() {
        Envelope first = envelope(1, "{\"n\":1}");
        OutboundSseEvent frame = frames.of(first, sse);
        assertSame(frame, frames.of(first, sse), "built once for every stream that writes it");
        assertEquals("1-0", frame.getId());
        assertEquals("{\"n\":1}", ((FakeSse.Event) frame).text());
        OutboundSseEvent next = frames.of(envelope(2, "{\"n\":2}"), sse);
        assertNotSame(frame, next);
        assertEquals("2-0", next.getId());
    }

    @Test
    void anEnvelopeThatCouldBreakTheFramingHasNoFrame() {
        assertNull(frames.of(envelope(3, "{\"n\":\n3}"), sse));
    }
}
