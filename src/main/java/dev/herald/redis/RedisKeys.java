package dev.herald.redis;

import dev.herald.channels.entity.Channel;

/**
 * Where a channel lives in Redis. The hash tag {@code {user:42}} puts a channel's stream and its
 * pub/sub channel in one cluster slot.
 */
final class RedisKeys {

    private static final String PREFIX = "herald:";
    /** Where operators' commands (kicks) go to every node. */
    static final String COMMANDS = PREFIX + "commands";

    private RedisKeys() {}

    static String stream(Channel channel) {
        return PREFIX + "{" + channel.key() + "}:events";
    }

    static String pubSub(Channel channel) {
        return PREFIX + "{" + channel.key() + "}";
    }

    /** The channel a pub/sub channel name stands for; null for names that are not Herald's. */
    static Channel channelOf(String pubSubChannel) {
        if (!pubSubChannel.startsWith(PREFIX + "{") || !pubSubChannel.endsWith("}")) {
            return null;
        }
        return Channel.parse(pubSubChannel.substring(PREFIX.length() + 1, pubSubChannel.length() - 1)).orElse(null);
    }
}
