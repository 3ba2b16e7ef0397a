package dev.herald.channels.entity;

import java.util.Optional;
import java.util.regex.Pattern;

/** A channel events are published to: {@code user:{id}}, private to one user, or {@code topic:{name}}, shared. */
public record Channel(Kind kind, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

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

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
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
            if (key.startsWith(prefix) && isValidName(key.substring(prefix.length()))) {
                return Optional.of(new Channel(kind, key.substring(prefix.length())));
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
