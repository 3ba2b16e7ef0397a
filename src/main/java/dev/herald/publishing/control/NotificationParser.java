package dev.herald.publishing.control;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.EventType;
import dev.herald.problems.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates publish bodies: {@code {"type":…,"data":…}} for one channel, or an array of
 * {@code {"userId"|"topic":…,"type":…,"data":…}}, validated whole before anything is published.
 */
public final class NotificationParser {

    private static final Set<String> SINGLE_KEYS = Set.of("type", "data");
    private static final Set<String> BATCH_KEYS = Set.of("userId", "topic", "type", "data");

    private NotificationParser() {}

    public static Notification single(Channel channel, JsonValue body) {
        if (!(body instanceof JsonObject object)) {
            throw invalid("The body must be a JSON object {\"type\":…,\"data\":…}.");
        }
        return notification(channel, object, SINGLE_KEYS, "");
    }

    public static List<Notification> batch(JsonValue body, int maxItems) {
        if (!(body instanceof JsonArray array)) {
            throw invalid("The body must be a JSON array of {\"userId\"|\"topic\":…,\"type\":…,\"data\":…}.");
        }
        if (array.size() > maxItems) {
            throw Problem.payloadTooLarge(
                    "The batch has " + array.size() + " items; at most " + maxItems + " are accepted at once.");
        }
        List<Notification> notifications = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String where = "Item " + i + ": ";
            if (!(array.get(i) instanceof JsonObject item)) {
                throw invalid(where + "must be a JSON object.");
            }
            notifications.add(notification(channelOf(item, where), item, BATCH_KEYS, where));
        }
        return notifications;
    }

    private static Channel channelOf(JsonObject item, String where) {
        boolean user = item.containsKey("userId");
        if (user == item.containsKey("topic")) {
            throw invalid(where + "give exactly one of \"userId\" and \"topic\".");
        }
        String key = user ? "userId" : "topic";
        String name = item.get(key) instanceof JsonString text ? text.getString() : null;
        if (!Channel.isValidName(name)) {
            throw Problem.badRequest("invalid-channel",
                    where + "\"" + key + "\" must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '@' or '-'.");
        }
        return user ? Channel.user(name) : Channel.topic(name);
    }

    private static Notification notification(Channel channel, JsonObject object, Set<String> allowed, String where) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(where + "unknown field \"" + key + "\"; allowed are " + allowed + ".");
            }
        }
        if (!object.containsKey("data")) {
            throw invalid(where + "\"data\" is required (any JSON value, null included).");
        }
        String type = EventType.DEFAULT;
        if (object.containsKey("type")) {
            type = object.get("type") instanceof JsonString text ? text.getString() : null;
            if (!EventType.isValid(type)) {
                throw Problem.badRequest("invalid-type",
                        where + "\"type\" must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
            }
        }
        return new Notification(channel, type, object.get("data"));
    }

    private static Problem invalid(String detail) {
        return Problem.badRequest("invalid-notification", detail);
    }
}
