package dev.herald.admin.boundary;

import dev.herald.bus.control.BusStatus;
import dev.herald.bus.control.MessageBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code GET /api/health}, open to all: UP or DOWN and which check, nothing more. */
@ApplicationScoped
@Path("health")
public class HealthResource {

    @Inject
    MessageBus bus;

    /** The answer: overall status and each check. */
    public record Health(String status, List<Check> checks) {}

    /** One check: its name, UP or DOWN, and for the bus its type. */
    public record Check(String name, String status, String type) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        BusStatus status = bus.status();
        Health health = new Health(status.state(), List.of(new Check("bus", status.state(), status.type())));
        return Response.status(status.up() ? 200 : 503).entity(health).build();
    }
}
