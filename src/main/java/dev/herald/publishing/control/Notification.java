package dev.herald.publishing.control;

import dev.herald.channels.entity.Channel;
import jakarta.json.JsonValue;

/** A notification to publish: where it goes, its type and its data, validated. */
public record Notification(Channel channel, String type, JsonValue data) {}
