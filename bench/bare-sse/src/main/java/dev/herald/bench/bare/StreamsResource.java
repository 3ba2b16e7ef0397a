package dev.herald.bench.bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** Opens a stream: a {@code connected} event (the load tool counts a stream open on it), then whatever is published. */
@ApplicationScoped
@Path("")
public class StreamsResource {

    @Inject
    Sinks sinks;

    @GET
    @Path("{kind:users|topics}/{name}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("kind") String kind, @PathParam("name") String name,
            @Context SseEventSink sink, @Context Sse sse) {
        sink.send(sse.newEventBuilder().name("connected").data("{}").build());
        sinks.add(kind + "/" + name, sink, sse);
    }
}
