package dev.herald.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The WHATWG event-stream parser, fed bytes as they arrive: UTF-8 with an optional BOM, lines ending
 * in CRLF, LF or CR, comments, {@code field: value} with one leading space stripped, data lines
 * joined with newlines, events with no data not dispatched, an incomplete last event discarded.
 */
public final class SseParser {

    private static final char BOM = '\uFEFF';

    private final Consumer<SseEvent> events;
    private final Consumer<String> comments;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean firstLine = true;
    private boolean lastWasCr;

    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private volatile String lastEventId = "";
    private volatile Long reconnectionTime;
    private String idField;
    private Long retry;

    public SseParser(Consumer<SseEvent> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                // the LF of a CRLF split across reads, or not: the CR already ended the line
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                // CR and LF never occur inside a multi-byte UTF-8 sequence, so splitting bytes here is safe
                line(new String(line.toByteArray(), StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /**
     * The stream's last event ID string as EventSource keeps it: set at each dispatch, even of an
     * event with no data, and sent as {@code Last-Event-ID} on reconnection. Empty until an id came.
     */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the last valid {@code retry} field set, null while none has. */
    public Long reconnectionTime() {
        return reconnectionTime;
    }

    private void line(String text) {
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
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
                    lastEventIdBuffer = value;
                    idField = value;
                }
            }
            case "retry" -> {
                Long millis = digits(value);
                if (millis != null) {
                    retry = millis;
                    reconnectionTime = millis;
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private static Long digits(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.length() > 0) {
            data.setLength(data.length() - 1);
            events.accept(new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId, idField, retry));
        }
        data.setLength(0);
        eventType = "";
        idField = null;
        retry = null;
    }
}
