package dev.herald.bench.bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes: the body as the event's data (the load tool reads its sequence number and send time
 * from it), one frame per publish, handed to the {@link Relay} before the {@code 202}.
 */
@ApplicationScoped
@Path("")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private final AtomicLong ids = new AtomicLong();

    @Inject
    Relay relay;

    @POST
    @Path("{kind:users|topics}/{name}/notifications")
    public Response one(@PathParam("kind") String kind, @PathParam("name") String name, byte[] body) {
        long id = send(kind + "/" + name, body);
        return Response.accepted("{\"id\":\"" + id + "\"}").build();
    }

    @POST
    @Path("notifications")
    public Response batch(String body) {
        JsonArray items;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            items = reader.readArray();
        }
        StringJoiner ids = new StringJoiner("\",\"", "{\"ids\":[\"", "\"]}");
        for (JsonValue value : items) {
            JsonObject item = value.asJsonObject();
            String channel = item.containsKey("userId") ? "users/" + item.getString("userId") : "topics/" + item.getString("topic");
            ids.add(Long.toString(send(channel, item.toString().getBytes(StandardCharsets.UTF_8))));
        }
        return Response.accepted(ids.toString()).build();
    }

    private long send(String channel, byte[] data) {
        long id = ids.incrementAndGet();
        relay.publish(channel, id, data);
        return id;
    }
}
