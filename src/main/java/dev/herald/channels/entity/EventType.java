package dev.herald.channels.entity;

/** The rules for an event's {@code type}: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
public final class EventType {

    public static final String DEFAULT = "update";

    private EventType() {}

    public static boolean isValid(String type) {
        return AsciiNames.isValid(type, 64, "._-");
    }
}
