package dev.herald.subscriptions.boundary;

import dev.herald.channels.boundary.ChannelParams;
import dev.herald.channels.entity.Channel;
import dev.herald.security.Access;
import dev.herald.subscriptions.control.StreamSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;

/** Server-Sent Event streams of a user's channel and of a topic. */
@ApplicationScoped
@Path("")
public class EventsResource {

    @Inject
    StreamSubscriptions streams;

    @GET
    @Path(ChannelParams.CHANNEL_PATH + "/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(
            @PathParam("kind") String kind,
            @PathParam("name") String name,
            @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @QueryParam("lastEventId") String lastEventIdQuery,
            @Context SecurityContext security,
            @Context HttpServletRequest request,
            @Context SseEventSink sink,
            @Context Sse sse) {
        open(ChannelParams.of(kind, name), lastEventIdHeader, lastEventIdQuery, security, request.getRemoteAddr(), sink, sse);
    }

    private void open(Channel channel, String header, String query, SecurityContext security, String address,
            SseEventSink sink, Sse sse) {
        // The header wins: EventSource sets it on reconnects, after the URL's first lastEventId.
        Optional<String> lastEventId = Optional.ofNullable(header)
                .filter(id -> !id.isEmpty())
                .or(() -> Optional.ofNullable(query).filter(id -> !id.isEmpty()));
        streams.open(channel, Access.requireRead(security, channel), address, lastEventId, sink, sse);
    }
}
