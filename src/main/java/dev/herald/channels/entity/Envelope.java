package dev.herald.channels.entity;

/**
 * One accepted event as every transport carries it. {@code json} is the envelope serialised once,
 * when the event was accepted, and then written unchanged to every subscriber.
 */
public record Envelope(EventId id, String channel, String type, long timestamp, String json) {

    /**
     * Completes an envelope from the id its store assigned and the rest of it, serialised without
     * the id ({@link EnvelopeBody}), so that the id can be put in front after it is known.
     */
    public static Envelope of(EventId id, EnvelopeBody body) {
        return new Envelope(id, body.channel(), body.type(), body.timestamp(), withId(id, body.json()));
    }

    /** Joins an id and a body serialised by {@link EnvelopeBody}: {@code {"id":"…",<body>}. */
    public static String withId(EventId id, String bodyJson) {
        return "{\"id\":\"" + id + "\"," + bodyJson.substring(1);
    }
}
