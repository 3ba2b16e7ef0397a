package dev.herald.admin.boundary;

import dev.herald.admin.control.StatsReport;
import dev.herald.admin.control.StatsStreams;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** {@code GET /api/admin/stats}: this node's live figures, for admins. */
@ApplicationScoped
@Path("admin/stats")
public class StatsResource {

    @Inject
    StatsReport report;

    @Inject
    StatsStreams streams;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatsReport.Report stats(@Context SecurityContext security) {
        Access.requireRole(security, Caller.ADMIN);
        return report.report();
    }

    /** The same figures every second as SSE {@code stats} events, for the admin console. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SecurityContext security, @Context SseEventSink sink, @Context Sse sse) {
        Access.requireRole(security, Caller.ADMIN);
        streams.watch(sink, sse);
    }
}
