package dev.herald.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The WHATWG event-stream parser, fed bytes as they arrive: UTF-8 with an optional BOM, lines ending
 * in CRLF, LF or CR, comments, {@code field: value} with one leading space stripped, data lines
 * joined with newlines, events with no data not dispatched.
 */
public final class SseParser {

    private final Consumer<SseEvent> events;
    private final Consumer<String> comments;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean firstLine = true;
    private boolean lastWasCr;

    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private String idField;
    private Long retry;

    public SseParser(Consumer<SseEvent> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                line(new String(line.toByteArray(), StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private void line(String text) {
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.startsWith(":")) {
            comments.accept(text.substring(1));
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                    idField = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            eventType = "";
            idField = null;
            retry = null;
            return;
        }
        data.setLength(data.length() - 1);
        events.accept(new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId, idField, retry));
        data.setLength(0);
        eventType = "";
        idField = null;
        retry = null;
    }
}
