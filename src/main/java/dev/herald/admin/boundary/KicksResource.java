package dev.herald.admin.boundary;

import dev.herald.admin.control.Kicks;
import dev.herald.channels.boundary.ChannelParams;
import dev.herald.config.JsonObjects;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** {@code POST /api/admin/users/{userId}/kick}: closes that user's streams and polls on every node. */
@ApplicationScoped
@Path("admin/users/{userId}/kick")
public class KicksResource {

    @Inject
    Kicks kicks;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response kick(@PathParam("userId") String userId, @Context SecurityContext security) {
        String user = ChannelParams.user(userId).name();
        Access.requireRole(security, Caller.ADMIN);
        kicks.kick(user);
        return Response.accepted(JsonObjects.builder().add("kicked", user).build().toString()).build();
    }
}
