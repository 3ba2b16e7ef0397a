package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits a de-chunked {@code text/event-stream} body into events as EventSource does: fields
 * {@code id}, {@code event}, {@code data} up to a blank line; comment lines are counted.
 */
final class SseParser {

    /** Receives each complete event. */
    interface Events {
        void event(String id, String name, String data, long nowNanos);

        default void comment(long nowNanos) {}
    }

    private final Events events;
    private byte[] line = new byte[512];
    private int lineLength;
    private String id;
    private String name;
    private String data;

    SseParser(Events events) {
        this.events = events;
    }

    void feed(ByteBuffer bytes, long nowNanos) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                line(nowNanos);
                lineLength = 0;
                continue;
            }
            if (lineLength == line.length) {
                byte[] longer = new byte[line.length * 2];
                System.arraycopy(line, 0, longer, 0, lineLength);
                line = longer;
            }
            line[lineLength++] = b;
        }
    }

    private void line(long nowNanos) {
        if (lineLength == 0) {
            if (data != null || name != null) {
                events.event(id, name == null ? "message" : name, data == null ? "" : data, nowNanos);
            }
            id = null;
            name = null;
            data = null;
            return;
        }
        if (line[0] == ':') {
            events.comment(nowNanos);
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> data = data == null ? value : data + "\n" + value;
            default -> {
                // retry: and unknown fields change nothing the benchmark measures
            }
        }
    }
}
