package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Long-polling and the operations endpoints, over real HTTP against the deployed WAR. */
class PollingAndOperationsIT extends ContractSuite {

    private Http.Answer poll(String user, String query) {
        return Http.get(api.uri("users/" + user + "/updates" + query), Tokens.user(user));
    }

    private static List<String> ids(JsonObject answer) {
        return answer.getJsonArray("updates").stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    @Test
    void pollAnswersRetainedEventsAtOnceOldestFirstInPages() {
        String user = HeraldApi.newUser();
        List<String> published = api.publishMany("users/" + user, 5);
        JsonObject first = poll(user, "?since=" + published.get(0) + "&limit=3").json();
        assertEquals(published.subList(1, 4), ids(first));
        assertEquals(published.get(3), first.getString("cursor"));
        assertFalse(first.getBoolean("truncated"));
        assertTrue(first.getJsonNumber("nextPollMs").longValue() >= 1000);
        JsonObject second = poll(user, "?since=" + first.getString("cursor")).json();
        assertEquals(published.subList(4, 5), ids(second));
        JsonObject envelope = second.getJsonArray("updates").getJsonObject(0);
        assertEquals("user:" + user, envelope.getString("channel"));
        assertEquals(4, envelope.getInt("data"));
    }

    @Test
    void pollWithoutSinceGetsOnlyLaterEventsAndAlwaysACursor() {
        String user = HeraldApi.newUser();
        api.publishMany("users/" + user, 2);
        JsonObject now = poll(user, "?wait=0").json();
        assertEquals(List.of(), ids(now));
        String later = api.publish("users/" + user, "{\"data\":\"later\"}");
        assertEquals(List.of(later), ids(poll(user, "?since=" + now.getString("cursor")).json()));
        JsonObject quiet = poll(HeraldApi.newUser(), "?wait=0").json();
        assertTrue(quiet.containsKey("cursor"));
    }

    @Test
    void parkedPollIsAnsweredByThePublishAndCounted() throws Exception {
        String user = HeraldApi.newUser();
        String cursor = poll(user, "?wait=0").json().getString("cursor");
        int before = api.pollConnections();
        CompletableFuture<Http.Answer> parked = CompletableFuture.supplyAsync(() -> poll(user, "?wait=30&since=" + cursor));
        Await.until(TIMEOUT, () -> api.pollConnections() == before + 1, "the poll parked");
        long start = System.nanoTime();
        String id = api.publish("users/" + user, "{\"data\":1}");
        Http.Answer answer = parked.get(10, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000, "answered at the publish, not at the wait");
        assertEquals(List.of(id), ids(answer.json()));
        assertEquals(id, answer.json().getString("cursor"));
        Await.until(TIMEOUT, () -> api.pollConnections() == before, "the poll released");
    }

    @Test
    void parkedPollOfAClientThatWentAwayIsReleasedByItsWaitAtTheLatest() throws Exception {
        String user = HeraldApi.newUser();
        String cursor = poll(user, "?wait=0").json().getString("cursor");
        int before = api.pollConnections();
        URI uri = api.uri("users/" + user + "/updates?wait=2&since=" + cursor);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nAuthorization: Bearer " + Tokens.user(user) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Await.until(TIMEOUT, () -> api.pollConnections() == before + 1, "the poll parked");
        }
        // Neither Payara nor the socket tells of a client that left a parked request: its wait's end frees it.
        Await.until(TIMEOUT, () -> api.pollConnections() == before, "the abandoned poll released");
        String id = api.publish("users/" + user, "{\"data\":1}");
        assertEquals(List.of(id), ids(poll(user, "?since=" + cursor).json()), "the channel still works afterwards");
    }

    @Test
    void manyParkedPollsAreAnsweredByOnePublish() throws Exception {
        String topic = "fan-" + HeraldApi.newUser();
        String cursor = Http.get(api.uri("topics/" + topic + "/updates?wait=0"), Tokens.user("reader", topic))
                .json().getString("cursor");
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Http.Answer>> polls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String token = Tokens.user("reader-" + i, topic);
                polls.add(CompletableFuture.supplyAsync(
                        () -> Http.get(api.uri("topics/" + topic + "/updates?wait=30&since=" + cursor), token), clients));
            }
            Await.until(TIMEOUT, () -> api.pollConnections() >= 50, "fifty polls parked");
            String id = api.publish("topics/" + topic, "{\"data\":\"all\"}");
            for (CompletableFuture<Http.Answer> poll : polls) {
                assertEquals(List.of(id), ids(poll.get(10, TimeUnit.SECONDS).json()));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void shortPollsRevalidateWithTheCursorAsETag() {
        String user = HeraldApi.newUser();
        String first = api.publish("users/" + user, "{\"data\":1}");
        Http.Answer fresh = poll(user, "?wait=0&since=" + first);
        assertEquals(200, fresh.status());
        assertEquals("\"" + first + "\"", fresh.header("ETag"));
        assertTrue(fresh.header("Cache-Control").contains("no-cache"));
        for (int i = 0; i < 2; i++) {
            Http.Answer unchanged = Http.get(api.uri("users/" + user + "/updates?wait=0&since=" + first), Tokens.user(user),
                    "If-None-Match", "\"" + first + "\"");
            assertEquals(304, unchanged.status());
            assertEquals("\"" + first + "\"", unchanged.header("ETag"));
            assertEquals("", unchanged.body());
        }
        String second = api.publish("users/" + user, "{\"data\":2}");
        Http.Answer changed = Await.value(TIMEOUT, () -> {
            Http.Answer answer = Http.get(api.uri("users/" + user + "/updates?wait=0&since=" + first), Tokens.user(user),
                    "If-None-Match", "\"" + first + "\"");
            return answer.status() == 200 ? java.util.Optional.of(answer) : java.util.Optional.empty();
        }, "the new event ends the 304s");
        assertEquals(List.of(second), ids(changed.json()));
        assertEquals("\"" + second + "\"", changed.header("ETag"));
    }

    @Test
    void pollWaitsAtMostWaitSecondsAndAnswersEmpty() {
        String user = HeraldApi.newUser();
        String cursor = poll(user, "?wait=0").json().getString("cursor");
        long start = System.nanoTime();
        JsonObject answer = poll(user, "?wait=1&since=" + cursor).json();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 5000, "waited " + millis + " ms");
        assertEquals(List.of(), ids(answer));
        assertEquals(cursor, answer.getString("cursor"));
    }

    @Test
    void sinceOlderThanTheHistoryIsTruncatedWithAllThatIsRetained() {
        String user = HeraldApi.newUser();
        List<String> published = api.publishMany("users/" + user, 55);
        JsonObject answer = poll(user, "?since=" + published.get(0)).json();
        assertTrue(answer.getBoolean("truncated"));
        assertEquals(published.subList(5, 55), ids(answer));
    }

    @Test
    void malformedPollParametersAre400() {
        String user = HeraldApi.newUser();
        for (String query : List.of("?since=garbage", "?since=", "?wait=abc", "?wait=-1", "?limit=0", "?limit=x")) {
            Http.Answer answer = poll(user, query);
            assertEquals(400, answer.status(), query + " " + answer.body());
            assertTrue(answer.contentType().startsWith("application/problem+json"));
        }
    }

    @Test
    void healthNeedsNoToken() {
        Http.Answer health = Http.get(api.uri("health"), null);
        assertEquals(200, health.status());
        assertEquals("UP", health.json().getString("status"));
        JsonObject bus = health.json().getJsonArray("checks").getJsonObject(0);
        assertEquals("bus", bus.getString("name"));
        assertEquals("UP", bus.getString("status"));
    }

    @Test
    void statsShowLiveFiguresOfThisNodeAndTheCluster() {
        JsonObject before = api.stats();
        assertFalse(before.getString("node").isBlank());
        assertTrue(List.of("redis", "memory").contains(before.getJsonObject("bus").getString("type")));
        assertEquals("UP", before.getJsonObject("bus").getString("status"));
        long published = before.getJsonObject("events").getJsonNumber("published").longValue();
        String user = HeraldApi.newUser();
        try (SseClient stream = api.stream("users/" + user, Tokens.user(user))) {
            api.publish("users/" + user, "{\"data\":1}");
            stream.nextEnvelopes(1, TIMEOUT);
            JsonObject after = api.stats();
            assertTrue(after.getJsonObject("connections").getInt("sse") >= 1);
            assertTrue(after.getInt("channels") >= 1);
            assertEquals(published + 1, after.getJsonObject("events").getJsonNumber("published").longValue());
            assertTrue(after.getJsonObject("events").getJsonNumber("delivered").longValue() >= 1);
            assertTrue(after.getJsonObject("cluster").getInt("size") >= 1);
        }
    }

    @Test
    void metricsAreInThePrometheusTextFormat() {
        Http.Answer metrics = Http.get(api.uri("metrics"), Tokens.admin());
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"));
        for (String name : List.of("herald_connections_sse", "herald_connections_poll", "herald_events_published_total",
                "herald_events_delivered_total", "herald_events_dropped_total", "herald_delivery_latency_seconds_bucket",
                "herald_publish_duration_seconds_count")) {
            assertTrue(metrics.body().contains("\n" + name) || metrics.body().startsWith(name), name);
        }
    }

    @Test
    void kickClosesTheUsersStreamsWithAKickedEvent() {
        String user = HeraldApi.newUser();
        try (SseClient stream = api.stream("users/" + user, Tokens.user(user))) {
            Http.Answer kick = Http.post(api.uri("admin/users/" + user + "/kick"), Tokens.admin(), null, "");
            assertEquals(202, kick.status(), kick.body());
            assertEquals("kicked", stream.next(TIMEOUT).event());
            assertTrue(stream.awaitEnd(TIMEOUT), "the server ended the stream");
        }
    }

    @Test
    void adminConsoleIsServed() {
        Http.Answer page = Http.get(api.uri("health").resolve("../admin/"), null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Herald operations"));
    }
}
