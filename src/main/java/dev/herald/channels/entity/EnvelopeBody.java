package dev.herald.channels.entity;

import dev.herald.config.JsonObjects;
import jakarta.json.JsonValue;

/**
 * An envelope before its store has given it an id; {@code json} is its serialised form
 * ({@code {"channel":…,"type":…,"timestamp":…,"data":…}}) that the store keeps and completes.
 */
public record EnvelopeBody(String channel, String type, long timestamp, String json) {

    public static EnvelopeBody of(Channel channel, String type, long timestamp, JsonValue data) {
        String json = JsonObjects.builder()
                .add("channel", channel.key())
                .add("type", type)
                .add("timestamp", timestamp)
                .add("data", data)
                .build()
                .toString();
        return new EnvelopeBody(channel.key(), type, timestamp, json);
    }
}
