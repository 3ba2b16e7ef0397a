package dev.herald.publishing.boundary;

import dev.herald.channels.boundary.ChannelParams;
import dev.herald.channels.entity.Envelope;
import dev.herald.config.HeraldConfig;
import dev.herald.publishing.control.Notification;
import dev.herald.publishing.control.NotificationParser;
import dev.herald.publishing.control.PublishRates;
import dev.herald.publishing.control.Publisher;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.List;

/** Publishing, for internal applications with the {@code publisher} role: to one channel, or a batch. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    @Inject
    Publisher publisher;

    @Inject
    PublishRates rates;

    @Inject
    HeraldConfig config;

    /** What a single publish answers. */
    public record Accepted(String id, String channel) {}

    /** What a batch publish answers: the ids in the order of the items. */
    public record BatchAccepted(List<String> ids) {}

    @POST
    @Path(ChannelParams.CHANNEL_PATH + "/notifications")
    public Response toChannel(
            @PathParam("kind") String kind,
            @PathParam("name") String name,
            @Context HttpHeaders headers,
            @Context SecurityContext security,
            InputStream body) {
        Notification notification = NotificationParser.single(
                ChannelParams.of(kind, name), JsonBodies.read(headers, body, config.maxPayloadBytes()));
        rates.admit(Access.requireRole(security, Caller.PUBLISHER).getName(), 1);
        Envelope envelope = publisher.publish(notification);
        return Response.accepted(new Accepted(envelope.id().toString(), envelope.channel())).build();
    }

    @POST
    @Path("notifications")
    public Response batch(@Context HttpHeaders headers, @Context SecurityContext security, InputStream body) {
        List<Notification> notifications = NotificationParser.batch(
                JsonBodies.read(headers, body, config.maxPayloadBytes()), config.batchMaxItems());
        rates.admit(Access.requireRole(security, Caller.PUBLISHER).getName(), notifications.size());
        List<String> ids = publisher.publishAll(notifications).stream()
                .map(envelope -> envelope.id().toString())
                .toList();
        return Response.accepted(new BatchAccepted(ids)).build();
    }
}
