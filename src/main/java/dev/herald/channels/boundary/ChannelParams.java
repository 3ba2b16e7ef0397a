package dev.herald.channels.boundary;

import dev.herald.channels.entity.Channel;
import dev.herald.problems.Problem;

/** Turns path parameters into channels, answering 400 for names the contract does not allow. */
public final class ChannelParams {

    /** The path template of a channel: {@code users/{name}} or {@code topics/{name}}. */
    public static final String CHANNEL_PATH = "{kind: users|topics}/{name}";

    private ChannelParams() {}

    /** The channel of {@link #CHANNEL_PATH}'s parameters. */
    public static Channel of(String kind, String name) {
        return "users".equals(kind) ? user(name) : topic(name);
    }

    public static Channel user(String userId) {
        if (!Channel.isValidName(userId)) {
            throw Problem.badRequest("invalid-channel",
                    "A user id is 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '@' or '-'.");
        }
        return Channel.user(userId);
    }

    public static Channel topic(String name) {
        if (!Channel.isValidName(name)) {
            throw Problem.badRequest("invalid-channel",
                    "A topic name is 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '@' or '-'.");
        }
        return Channel.topic(name);
    }
}
