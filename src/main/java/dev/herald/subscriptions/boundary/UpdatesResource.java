package dev.herald.subscriptions.boundary;

import dev.herald.channels.boundary.ChannelParams;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.EventId;
import dev.herald.problems.Problem;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import dev.herald.subscriptions.control.LongPolls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Long-polls of a user's channel and of a topic: answered at once, or parked without a thread. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class UpdatesResource {

    static final int DEFAULT_WAIT_SECONDS = 25;
    static final int MAX_WAIT_SECONDS = 60;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    LongPolls polls;

    @GET
    @Path(ChannelParams.CHANNEL_PATH + "/updates")
    public void updates(
            @PathParam("kind") String kind,
            @PathParam("name") String name,
            @QueryParam("since") String since,
            @QueryParam("wait") String wait,
            @QueryParam("limit") String limit,
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @Context SecurityContext security,
            @Suspended AsyncResponse async) {
        poll(ChannelParams.of(kind, name), since, wait, limit, ifNoneMatch, security, async);
    }

    private void poll(Channel channel, String since, String wait, String limit, String ifNoneMatch,
            SecurityContext security, AsyncResponse async) {
        Optional<EventId> from = cursor(since);
        int waitSeconds = Math.min(MAX_WAIT_SECONDS, number("wait", wait, DEFAULT_WAIT_SECONDS, 0));
        int pageSize = Math.min(MAX_LIMIT, number("limit", limit, DEFAULT_LIMIT, 1));
        Caller caller = Access.requireRead(security, channel);
        polls.poll(channel, caller, from, waitWithin(caller, waitSeconds, Instant.now()), pageSize,
                cachedCursor(ifNoneMatch), async);
    }

    /** A parked poll is answered no later than its token's {@code exp}: the wait ends in whole seconds before it. */
    static int waitWithin(Caller caller, int waitSeconds, Instant now) {
        return caller.validFor(now).map(Duration::toSeconds).map(left -> (int) Math.min(waitSeconds, left)).orElse(waitSeconds);
    }

    /** The cursor named by {@code If-None-Match} (the ETag of an earlier answer), if it names one. */
    static Optional<EventId> cachedCursor(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return Optional.empty();
        }
        for (String tag : ifNoneMatch.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
                Optional<EventId> cursor = EventId.parse(value.substring(1, value.length() - 1));
                if (cursor.isPresent()) {
                    return cursor;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<EventId> cursor(String since) {
        if (since == null) {
            return Optional.empty();
        }
        return Optional.of(EventId.parse(since).orElseThrow(() -> Problem.badRequest("invalid-cursor",
                "since must be a cursor this server issued (an event id such as 1732280000000-0).")));
    }

    private static int number(String name, String text, int fallback, int min) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException malformed) {
            // answered below
        }
        throw Problem.badRequest("invalid-parameter", name + " must be a whole number of at least " + min + ".");
    }
}
