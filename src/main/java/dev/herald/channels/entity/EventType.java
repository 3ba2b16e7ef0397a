package dev.herald.channels.entity;

import java.util.regex.Pattern;

/** The rules for an event's {@code type}. */
public final class EventType {

    public static final String DEFAULT = "update";
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private EventType() {}

    public static boolean isValid(String type) {
        return type != null && TYPE.matcher(type).matches();
    }
}
