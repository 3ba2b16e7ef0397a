package dev.herald.channels.entity;

import java.util.Optional;

/** A channel events are published to: {@code user:{id}}, private to one user, or {@code topic:{name}}, shared. */
public record Channel(Kind kind, String name) {

    /** The two kinds of channel, with the prefix of their key. */
    public enum Kind {
        USER("user"),
        TOPIC("topic");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public Channel {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid channel name");
        }
    }

    /** 1 to 128 of {@code A-Z a-z 0-9 . _ @ -}. */
    public static boolean isValidName(String name) {
        return AsciiNames.isValid(name, 128, "._@-");
    }

    public static Channel user(String userId) {
        return new Channel(Kind.USER, userId);
    }

    public static Channel topic(String name) {
        return new Channel(Kind.TOPIC, name);
    }

    /** Parses a key such as {@code user:42}; empty when it is not a valid channel. */
    public static Optional<Channel> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            String prefix = kind.prefix() + ":";
            if (key.startsWith(prefix)) {
                String name = key.substring(prefix.length());
                return isValidName(name) ? Optional.of(new Channel(kind, name)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    /** The channel's key as it appears in envelopes: {@code user:42}. */
    public String key() {
        return kind.prefix() + ":" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
