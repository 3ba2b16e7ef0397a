package dev.herald.bench.bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The two figures of Herald's {@code /api/admin/stats} that the load tool reads, and health for bench/run. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    Sinks sinks;

    @GET
    @Path("admin/stats")
    public String stats() {
        return "{\"connections\":{\"sse\":" + sinks.open() + ",\"poll\":0},\"events\":{\"dropped\":0}}";
    }

    @GET
    @Path("health")
    public String health() {
        return "{\"status\":\"UP\"}";
    }
}
