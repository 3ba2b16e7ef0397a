package dev.herald.channels.entity;

/** The rules for an event's {@code type}: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
public final class EventType {

    public static final String DEFAULT = "update";
    private static final int MAX_LENGTH = 64;

    private EventType() {}

    /**
     * Checked for every frame as it is built, so a loop over the characters rather than a regular
     * expression, whose matcher was an allocation per event (bench/README.md, finding 36).
     */
    public static boolean isValid(String type) {
        if (type == null || type.isEmpty() || type.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            if (!isAllowed(type.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
