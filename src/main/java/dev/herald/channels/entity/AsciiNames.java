package dev.herald.channels.entity;

/**
 * The one rule behind channel names and event types: 1 to N ASCII letters, digits and a few
 * punctuation marks. A loop over the characters, not a regular expression: both are checked for
 * every event (a channel as each message comes back from Redis, a type as each frame is built), and
 * a matcher was an allocation each time (bench/README.md, finding 36).
 */
final class AsciiNames {

    private AsciiNames() {}

    /** Whether {@code text} has 1 to {@code maxLength} characters, each a letter, a digit or one of {@code punctuation}. */
    static boolean isValid(String text, int maxLength, String punctuation) {
        if (text == null || text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
