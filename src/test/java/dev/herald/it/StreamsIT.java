package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** SSE subscriptions as API.md describes them, over real HTTP against the deployed WAR. */
class StreamsIT extends ContractSuite {

    @Test
    void streamStartsWithRetryAndAConnectedEventThatHasNoId() {
        String user = HeraldApi.newUser();
        try (SseClient client = SseClient.open(api.uri("users/" + user + "/events"), Tokens.user(user), null)) {
            assertEquals(200, client.status());
            assertTrue(client.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals("no-cache", client.headers().firstValue("Cache-Control").orElse(null));
            SseEvent connected = client.next(TIMEOUT);
            assertEquals("connected", connected.event());
            assertNull(connected.idField());
            assertNotNull(connected.retry());
            JsonObject data = json(connected.data());
            assertEquals("user:" + user, data.getString("channel"));
            assertEquals(user, data.getString("userId"));
            assertTrue(Math.abs(System.currentTimeMillis() - data.getJsonNumber("timestamp").longValue()) < 60_000);
        }
    }

    @Test
    void topicStreamConnectedEventHasNoUserId() {
        try (SseClient client = SseClient.open(api.uri("topics/news/events"), Tokens.user("reader", "news"), null)) {
            SseEvent connected = client.next(TIMEOUT);
            JsonObject data = json(connected.data());
            assertEquals("topic:news", data.getString("channel"));
            assertFalse(data.containsKey("userId"));
        }
    }

    @Test
    void publishedEventArrivesAsTheEnvelopeWithIdAndType() {
        String user = HeraldApi.newUser();
        try (SseClient client = api.stream("users/" + user, Tokens.user(user))) {
            String id = api.publish("users/" + user,
                    "{\"type\":\"order-shipped\",\"data\":{\"order\":12,\"note\":\"line one\\nline two\",\"big\":12345678901234567890}}");
            SseEvent event = client.next(TIMEOUT);
            assertEquals(id, event.idField());
            assertEquals("order-shipped", event.event());
            assertFalse(event.data().contains("\n"), "the envelope travels on one data line");
            JsonObject envelope = json(event.data());
            assertEquals(List.of("id", "channel", "type", "timestamp", "data"), new ArrayList<>(envelope.keySet()));
            assertEquals(id, envelope.getString("id"));
            assertEquals("user:" + user, envelope.getString("channel"));
            assertEquals("order-shipped", envelope.getString("type"));
            assertEquals(json("{\"order\":12,\"note\":\"line one\\nline two\",\"big\":12345678901234567890}"),
                    envelope.getJsonObject("data"));
        }
    }

    @Test
    void idleStreamGetsAHeartbeatCommentEveryInterval() {
        String user = HeraldApi.newUser();
        try (SseClient client = api.stream("users/" + user, Tokens.user(user))) {
            Await.until(Duration.ofSeconds(6), () -> client.comments().size() >= 3, "three heartbeat comments");
            List<SseClient.Comment> comments = client.comments();
            for (int i = 1; i < comments.size(); i++) {
                long gapMillis = (comments.get(i).receivedAtNanos() - comments.get(i - 1).receivedAtNanos()) / 1_000_000;
                assertTrue(gapMillis <= 1600, "heartbeat gap " + gapMillis + " ms with a 1 s interval");
            }
        }
    }

    @Test
    void resumesAfterLastEventIdWithoutGapOrDuplicateWhilePublishing() throws Exception {
        String user = HeraldApi.newUser();
        List<String> before = api.publishMany("users/" + user, 10);
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> during = publisher.submit(() -> api.publishMany("users/" + user, 30));
            try (SseClient client = api.stream("users/" + user, Tokens.user(user), before.get(4))) {
                List<String> expected = new ArrayList<>(before.subList(5, 10));
                expected.addAll(during.get());
                List<String> received = HeraldApi.ids(client.nextEnvelopes(expected.size(), TIMEOUT));
                assertEquals(expected, received);
                assertFalse(client.anyEventWithin(Duration.ofMillis(300)), "nothing after the last event");
            }
        } finally {
            publisher.shutdownNow();
        }
    }

    @Test
    void lastEventIdQueryParameterResumesLikeTheHeader() {
        String user = HeraldApi.newUser();
        List<String> ids = api.publishMany("users/" + user, 3);
        try (SseClient client = SseClient.open(
                api.uri("users/" + user + "/events?lastEventId=" + ids.get(0) + "&access_token=" + Tokens.user(user)),
                java.util.Map.of())) {
            assertEquals("connected", client.next(TIMEOUT).event());
            assertEquals(ids.subList(1, 3), HeraldApi.ids(client.nextEnvelopes(2, TIMEOUT)));
        }
    }

    @Test
    void idOlderThanTheRetainedHistoryGivesResetThenAllThatIsRetained() {
        String user = HeraldApi.newUser();
        List<String> ids = api.publishMany("users/" + user, 60);
        try (SseClient client = api.stream("users/" + user, Tokens.user(user), ids.get(0))) {
            SseEvent reset = client.next(TIMEOUT);
            assertEquals("reset", reset.event());
            assertNull(reset.idField());
            assertEquals("history-truncated", json(reset.data()).getString("reason"));
            assertEquals("user:" + user, json(reset.data()).getString("channel"));
            assertEquals(ids.subList(10, 60), HeraldApi.ids(client.nextEnvelopes(50, TIMEOUT)));
        }
    }

    @Test
    void malformedOrNeverIssuedIdGivesResetUnknownIdThenAllThatIsRetained() {
        String user = HeraldApi.newUser();
        List<String> ids = api.publishMany("users/" + user, 3);
        for (String bad : List.of("not-an-id", "99999999999999-0", "1-0")) {
            try (SseClient client = api.stream("users/" + user, Tokens.user(user), bad)) {
                SseEvent reset = client.next(TIMEOUT);
                assertEquals("reset", reset.event(), "for " + bad);
                assertEquals("unknown-id", json(reset.data()).getString("reason"), "for " + bad);
                assertEquals(ids, HeraldApi.ids(client.nextEnvelopes(3, TIMEOUT)), "for " + bad);
            }
        }
    }

    @Test
    void everySubscriberGetsEveryEventOfAChannelInIdOrder() throws Exception {
        String topic = "order-" + HeraldApi.newUser();
        List<SseClient> clients = new ArrayList<>();
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(api.stream("topics/" + topic, Tokens.user("reader" + i, topic)));
            }
            List<Future<List<String>>> batches = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                batches.add(publishers.submit(() -> api.publishMany("topics/" + topic, 25)));
            }
            List<String> acknowledged = new ArrayList<>();
            for (Future<List<String>> batch : batches) {
                acknowledged.addAll(batch.get());
            }
            for (SseClient client : clients) {
                List<String> received = HeraldApi.ids(client.nextEnvelopes(100, TIMEOUT));
                List<String> sorted = new ArrayList<>(received);
                sorted.sort(StreamsIT::compareIds);
                assertEquals(sorted, received, "received in id order");
                List<String> expected = new ArrayList<>(acknowledged);
                Collections.sort(expected);
                List<String> got = new ArrayList<>(received);
                Collections.sort(got);
                assertEquals(expected, got, "every acknowledged id exactly once");
            }
        } finally {
            publishers.shutdownNow();
            clients.forEach(SseClient::close);
        }
    }

    static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    @Test
    void vanishedClientsAreCountedAsGoneWithinSeconds() {
        String user = HeraldApi.newUser();
        int before = api.sseConnections();
        List<SseClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(api.stream("users/" + user, Tokens.user(user)));
        }
        Await.until(TIMEOUT, () -> api.sseConnections() == before + 3, "three more streams counted");
        clients.forEach(SseClient::close);
        Await.until(TIMEOUT, () -> api.sseConnections() == before, "the closed streams released");
    }

    @Test
    void clientsThatGoAwayLeaveNothingAboveFineInTheServerLog() throws IOException {
        ServerLog log = ServerLog.ofThisRun();
        String user = HeraldApi.newUser();
        int streamsBefore = api.sseConnections();
        int pollsBefore = api.pollConnections();
        long mark = log.mark();
        List<SseClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(api.stream("users/" + user, Tokens.user(user)));
        }
        String cursor = api.publish("users/" + user, "{\"data\":1}");
        for (SseClient client : clients) {
            client.nextEnvelopes(1, TIMEOUT);
        }
        SseClient console = SseClient.open(api.uri("admin/stats/stream"), Tokens.admin(), null);
        assertEquals("stats", console.next(TIMEOUT).event());
        clients.add(console);
        try (Socket poller = new Socket("127.0.0.1", base.getPort())) {
            poller.getOutputStream().write(("GET " + base.getPath() + "api/users/" + user + "/updates?wait=30&since=" + cursor
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Tokens.user(user) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Await.until(TIMEOUT, () -> api.pollConnections() == pollsBefore + 1, "the poll parked");
        }
        clients.forEach(SseClient::close);
        Await.until(TIMEOUT, () -> api.sseConnections() == streamsBefore, "the streams of the gone clients released");
        api.publish("users/" + user, "{\"data\":2}");
        Await.until(TIMEOUT, () -> api.pollConnections() == pollsBefore, "the poll of the gone client answered");
        assertEquals(List.of(), log.warningsWithin(Duration.ofSeconds(3), mark), "what the server logged at WARNING or above");
    }

    @Test
    void moreStreamsThanAUserMayHoldAreRefusedWith429() {
        String user = HeraldApi.newUser();
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                clients.add(api.stream("users/" + user, Tokens.user(user)));
            }
            try (SseClient refused = SseClient.open(api.uri("users/" + user + "/events"), Tokens.user(user), null)) {
                assertEquals(429, refused.status());
                assertNotNull(refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
                assertEquals(429, json(refused.body()).getInt("status"));
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedWithoutDelayingTheOthers() throws IOException {
        String topic = "stall-" + HeraldApi.newUser();
        String token = Tokens.user("staller", topic);
        try (Socket stalled = new Socket("127.0.0.1", base.getPort());
                SseClient healthy = api.stream("topics/" + topic, Tokens.user("healthy", topic))) {
            stalled.setReceiveBufferSize(4096);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + base.getPath() + "api/topics/" + topic + "/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] start = new byte[64];
            assertTrue(stalled.getInputStream().read(start) > 0, "the stalled stream was answered");
            Await.until(TIMEOUT, () -> api.stats().getJsonObject("connections").getInt("sse") >= 2, "both streams open");
            int before = api.sseConnections();
            long droppedBefore = api.stats().getJsonObject("events").getJsonNumber("dropped").longValue();
            String padding = "x".repeat(30_000);
            String last = null;
            for (int i = 0; i < 600; i++) {
                last = api.publish("topics/" + topic, "{\"data\":\"" + padding + "\"}");
                SseEvent event = healthy.awaitEvent(e -> e.idField() != null, TIMEOUT);
                assertNotNull(event.idField());
            }
            assertNotNull(last);
            // Only a stream closed for being too slow counts dropped events: this one is the stalled one.
            Await.until(TIMEOUT, () -> api.stats().getJsonObject("events").getJsonNumber("dropped").longValue() > droppedBefore,
                    "the stalled stream dropped, with what it had queued counted");
            assertTrue(api.sseConnections() < before, "the stalled stream is no longer counted");
            assertFalse(healthy.isEnded(), "the healthy stream is still open");
        }
    }
}
