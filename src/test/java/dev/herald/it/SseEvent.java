package dev.herald.it;

/**
 * One dispatched SSE event as a browser sees it: {@code lastEventId} persists across events (as
 * EventSource's does); {@code idField} is the id line of this very event, null when it had none.
 */
public record SseEvent(String event, String data, String lastEventId, String idField, Long retry) {}
