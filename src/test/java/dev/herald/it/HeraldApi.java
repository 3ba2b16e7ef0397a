package dev.herald.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The contract's calls against one node, for readable tests. */
public final class HeraldApi {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;

    /** Arquillian's URL names the machine's address; the tests talk to loopback only. */
    public HeraldApi(URL base) {
        this(URI.create("http://127.0.0.1:" + base.getPort() + (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/")));
    }

    public HeraldApi(URI base) {
        this.base = base;
    }

    public URI uri(String apiPath) {
        return base.resolve("api/" + apiPath);
    }

    /** A user id no other test uses. */
    public static String newUser() {
        return "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public SseClient stream(String channelPath, String token) {
        return stream(channelPath, token, null);
    }

    /** Opens {@code users/42} or {@code topics/news} events and waits for the connected frame. */
    public SseClient stream(String channelPath, String token, String lastEventId) {
        SseClient client = SseClient.open(uri(channelPath + "/events"), token, lastEventId);
        if (client.status() != 200) {
            throw new AssertionError("stream refused: " + client.status() + " " + client.body());
        }
        SseEvent connected = client.next(TIMEOUT);
        if (!"connected".equals(connected.event())) {
            throw new AssertionError("first event was " + connected);
        }
        return client;
    }

    /** Publishes and returns the id from the 202. */
    public String publish(String channelPath, String json) {
        Http.Answer answer = Http.postJson(uri(channelPath + "/notifications"), Tokens.publisher(), json);
        if (answer.status() != 202) {
            throw new AssertionError("publish refused: " + answer.status() + " " + answer.body());
        }
        return answer.json().getString("id");
    }

    public List<String> publishMany(String channelPath, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(publish(channelPath, "{\"data\":" + i + "}"));
        }
        return ids;
    }

    public JsonObject stats() {
        Http.Answer answer = Http.get(uri("admin/stats"), Tokens.admin());
        if (answer.status() != 200) {
            throw new AssertionError("stats: " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    public int sseConnections() {
        return stats().getJsonObject("connections").getInt("sse");
    }

    public int pollConnections() {
        return stats().getJsonObject("connections").getInt("poll");
    }

    /** The ids of envelope events, in the order received. */
    public static List<String> ids(List<SseEvent> events) {
        return events.stream().filter(e -> e.idField() != null).map(SseEvent::idField).toList();
    }
}
