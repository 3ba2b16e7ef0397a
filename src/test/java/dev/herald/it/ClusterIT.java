package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes joined by a test-owned Redis, run as operators run them (separate Payara Micro
 * processes), with Redis stopped and restarted and a node killed with SIGKILL.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static RedisServer redis;
    private static PayaraNode nodeA;
    private static PayaraNode nodeB;
    private static HeraldApi a;
    private static HeraldApi b;

    @BeforeAll
    static void startCluster() {
        Prerequisites.requireRedisServer();
        redis = RedisServer.start();
        List<PayaraNode> nodes = PayaraNode.startAll(settings(), "node-a", "node-b");
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
        a = new HeraldApi(nodeA.base());
        b = new HeraldApi(nodeB.base());
        Await.until(TIMEOUT, () -> isUp(a) && isUp(b), "both nodes connected to Redis");
    }

    private static Map<String, String> settings() {
        return Map.of("herald.redis.url", redis.url(), "herald.jwt.secret", Tokens.SECRET, "herald.heartbeat-seconds", "1",
                "herald.redis.timeout-ms", "1000");
    }

    private static boolean isUp(HeraldApi node) {
        return Http.get(node.uri("health"), null).status() == 200;
    }

    /** A test that stops node A and fails before restarting it must not fail the tests after it too. */
    @AfterEach
    void nodeAIsRunning() {
        if (!nodeA.isRunning()) {
            nodeA.launch();
        }
        Await.until(TIMEOUT, () -> isUp(a), "node A up");
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void anEventPublishedOnOneNodeReachesSubscribersOnTheOther() throws Exception {
        String user = HeraldApi.newUser();
        try (SseClient onB = b.stream("users/" + user, Tokens.user(user));
                SseClient onA = a.stream("users/" + user, Tokens.user(user))) {
            String fromA = a.publish("users/" + user, "{\"data\":\"from a\"}");
            assertEquals(fromA, onB.nextEnvelopes(1, TIMEOUT).get(0).idField());
            String fromB = b.publish("users/" + user, "{\"data\":\"from b\"}");
            assertEquals(List.of(fromA, fromB), HeraldApi.ids(onA.nextEnvelopes(2, TIMEOUT)));
            assertEquals(fromB, onB.nextEnvelopes(1, TIMEOUT).get(0).idField());
        }
        String cursor = Http.get(b.uri("users/" + user + "/updates?wait=0"), Tokens.user(user)).json().getString("cursor");
        CompletableFuture<Http.Answer> poll = CompletableFuture.supplyAsync(
                () -> Http.get(b.uri("users/" + user + "/updates?wait=20&since=" + cursor), Tokens.user(user)));
        Await.until(TIMEOUT, () -> b.pollConnections() == 1, "the poll parked on B");
        String id = a.publish("users/" + user, "{\"data\":\"to the poll\"}");
        JsonObject answer = poll.get(10, TimeUnit.SECONDS).json();
        assertEquals(id, answer.getJsonArray("updates").getJsonObject(0).getString("id"));
    }

    @Test
    @Order(2)
    void statsOfAnyNodeShowEveryLiveNode() {
        Await.until(TIMEOUT, () -> a.stats().getJsonObject("cluster").getInt("size") == 2, "node A sees two nodes");
        Await.until(TIMEOUT, () -> b.stats().getJsonObject("cluster").getInt("size") == 2, "node B sees two nodes");
        JsonObject cluster = b.stats().getJsonObject("cluster");
        List<String> names = cluster.getJsonArray("nodes").stream().map(n -> n.asJsonObject().getString("node")).sorted().toList();
        assertEquals(List.of("node-a", "node-b"), names);
    }

    @Test
    @Order(3)
    void kickingAUserOnOneNodeClosesTheirStreamOnTheOther() {
        String user = HeraldApi.newUser();
        try (SseClient onB = b.stream("users/" + user, Tokens.user(user))) {
            assertEquals(202, Http.post(a.uri("admin/users/" + user + "/kick"), Tokens.admin(), null, "").status());
            assertEquals("kicked", onB.next(TIMEOUT).event());
            assertTrue(onB.awaitEnd(TIMEOUT));
        }
    }

    @Test
    @Order(4)
    void redisOutageRefusesPublishesKeepsStreamsAndLosesNothingAcknowledged() throws Exception {
        String user = HeraldApi.newUser();
        try (SseClient stayingOnB = b.stream("users/" + user, Tokens.user(user))) {
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> publisher = publishUntilStopped(a, user, acknowledged, refusals, running);
            Await.until(TIMEOUT, () -> acknowledged.size() >= 20, "publishing before the outage");
            redis.kill();

            long start = System.nanoTime();
            Http.Answer refused = Http.postJson(a.uri("users/" + user + "/notifications"), Tokens.publisher(), "{\"data\":-1}");
            assertEquals(503, refused.status(), refused.body());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "refused within the Redis timeout");
            assertTrue(refused.header("Retry-After") != null);
            Http.Answer health = Http.get(b.uri("health"), null);
            assertEquals(503, health.status());
            assertEquals("DOWN", health.json().getString("status"));
            assertEquals("redis", health.json().getJsonArray("checks").getJsonObject(0).getString("type"));
            int comments = stayingOnB.comments().size();
            Await.until(TIMEOUT, () -> stayingOnB.comments().size() >= comments + 2, "heartbeats go on during the outage");
            assertTrue(!stayingOnB.isEnded(), "the stream stays open");
            // A channel B starts following during the outage: its SUBSCRIBE is refused, and must be renewed.
            String newcomer = HeraldApi.newUser();
            SseClient openedDuringOutage = b.stream("users/" + newcomer, Tokens.user(newcomer));

            redis.startProcess();
            Await.until(TIMEOUT, () -> isUp(a) && isUp(b), "both nodes back");
            try (openedDuringOutage) {
                String afterOutage = a.publish("users/" + newcomer, "{\"data\":\"after the outage\"}");
                assertEquals(afterOutage, openedDuringOutage.nextEnvelopes(1, TIMEOUT).get(0).idField(),
                        "a stream opened during the outage hears the channel once Redis is back");
            }
            int atRecovery = acknowledged.size();
            Await.until(TIMEOUT, () -> acknowledged.size() >= atRecovery + 20, "publishing after the outage");
            running.set(false);
            publisher.get(10, TimeUnit.SECONDS);

            // A publish cut off by the crash after Redis ran the script is stored although its caller got a
            // 503: such an event may appear too (at least once), but every 202 must, exactly once, in order.
            List<String> expected = List.copyOf(acknowledged);
            String lastAcknowledged = expected.get(expected.size() - 1);
            List<String> received = idsUntil(stayingOnB, lastAcknowledged);
            assertAcknowledgedExactlyOnceInOrder(expected, received, refusals.get());
            try (SseClient resumed = a.stream("users/" + user, Tokens.user(user), expected.get(0))) {
                List<String> replayed = idsUntil(resumed, lastAcknowledged);
                assertAcknowledgedExactlyOnceInOrder(expected.subList(1, expected.size()), replayed, refusals.get());
            }
        }
    }

    /** Publishes to {@code user} on {@code node} until {@code running} is cleared, counting 202s and 503s. */
    private static CompletableFuture<Void> publishUntilStopped(HeraldApi node, String user, List<String> acknowledged,
            java.util.concurrent.atomic.AtomicInteger refusals, AtomicBoolean running) {
        return CompletableFuture.runAsync(() -> {
            int i = 0;
            while (running.get()) {
                Http.Answer answer = Http.postJson(node.uri("users/" + user + "/notifications"), Tokens.publisher(),
                        "{\"data\":" + i++ + "}");
                if (answer.status() == 202) {
                    acknowledged.add(answer.json().getString("id"));
                } else if (answer.status() == 503) {
                    refusals.incrementAndGet();
                } else {
                    throw new AssertionError("publish answered " + answer.status() + " " + answer.body());
                }
            }
        });
    }

    /** The envelope ids {@code stream} receives, up to and including {@code last}. */
    private static List<String> idsUntil(SseClient stream, String last) {
        List<String> ids = new ArrayList<>();
        while (!ids.contains(last)) {
            ids.add(stream.nextEnvelopes(1, TIMEOUT).get(0).idField());
        }
        return ids;
    }

    private static void assertAcknowledgedExactlyOnceInOrder(List<String> acknowledged, List<String> received, int refusals) {
        List<String> sorted = new ArrayList<>(received);
        sorted.sort(StreamsIT::compareIds);
        assertEquals(sorted, received, "in id order");
        assertEquals(received.size(), new java.util.HashSet<>(received).size(), "no id twice");
        List<String> missing = new ArrayList<>(acknowledged);
        missing.removeAll(received);
        assertTrue(missing.isEmpty(), "every acknowledged id; missing " + missing + " from " + received);
        List<String> extra = new ArrayList<>(received);
        extra.removeAll(acknowledged);
        assertTrue(extra.size() <= refusals, "only refused publishes may appear besides the acknowledged: " + extra);
    }

    @Test
    @Order(5)
    void aNodeStartingWhileRedisIsDownComesUpDownAndConnectsLater() {
        redis.stop();
        try (PayaraNode late = PayaraNode.start("node-late", settings())) {
            HeraldApi api = new HeraldApi(late.base());
            Http.Answer health = Http.get(api.uri("health"), null);
            assertEquals(503, health.status());
            redis.startProcess();
            Await.until(TIMEOUT, () -> isUp(api) && isUp(a), "the late node connected, and A reconnected");
            String user = HeraldApi.newUser();
            try (SseClient onLate = api.stream("users/" + user, Tokens.user(user))) {
                String id = a.publish("users/" + user, "{\"data\":1}");
                assertEquals(id, onLate.nextEnvelopes(1, TIMEOUT).get(0).idField());
            }
        }
        Await.until(TIMEOUT, () -> isUp(a) && isUp(b), "A and B back");
    }

    @Test
    @Order(6)
    void clientsOfAKilledNodeResumeOnAnotherWithEveryEventOnce() {
        String user = HeraldApi.newUser();
        List<String> ids = new ArrayList<>();
        String last;
        try (SseClient onA = a.stream("users/" + user, Tokens.user(user))) {
            ids.addAll(b.publishMany("users/" + user, 5));
            List<SseEvent> seen = onA.nextEnvelopes(5, TIMEOUT);
            last = seen.get(seen.size() - 1).idField();
            nodeA.kill();
            assertTrue(onA.awaitEnd(TIMEOUT), "the stream died with its node");
        }
        ids.addAll(b.publishMany("users/" + user, 5));
        try (SseClient onB = b.stream("users/" + user, Tokens.user(user), last)) {
            assertEquals(ids.subList(5, 10), HeraldApi.ids(onB.nextEnvelopes(5, TIMEOUT)));
        }
    }
    @Test
    @Order(7)
    void aNodeStoppedWithSigtermHandsItsClientsOverWithNothingLost() throws Exception {
        String user = HeraldApi.newUser();
        List<String> ids = new ArrayList<>(b.publishMany("users/" + user, 3));
        String lastPolled = ids.get(2);
        CompletableFuture<Http.Answer> parkedOnA = CompletableFuture.supplyAsync(
                () -> Http.get(a.uri("users/" + user + "/updates?wait=30&since=" + lastPolled), Tokens.user(user)));
        String resumeFrom;
        try (SseClient onA = a.stream("users/" + user, Tokens.user(user), ids.get(0))) {
            assertEquals(ids.subList(1, 3), HeraldApi.ids(onA.nextEnvelopes(2, TIMEOUT)));
            Await.until(TIMEOUT, () -> a.pollConnections() == 1, "the poll parked on A");
            nodeA.terminate();
            HandOver.assertPollAnswered(parkedOnA, lastPolled);
            HandOver.assertClosedWithRetryHint(onA, TIMEOUT);
            resumeFrom = onA.lastEventId();
        }
        assertEquals(ids.get(2), resumeFrom);
        // Withdrawn as it stopped, not dropped by its entry's expiry six seconds later.
        Await.until(Duration.ofSeconds(3), () -> b.stats().getJsonObject("cluster").getInt("size") == 1,
                "node A left the cluster view");
        ids.addAll(b.publishMany("users/" + user, 3));
        try (SseClient onB = b.stream("users/" + user, Tokens.user(user), resumeFrom)) {
            assertEquals(ids.subList(3, 6), HeraldApi.ids(onB.nextEnvelopes(3, TIMEOUT)));
        }
    }
    @Test
    @Order(8)
    void aPausedRedisMakesPublishesFailFastAndLosesNothingAcknowledged() throws Exception {
        String user = HeraldApi.newUser();
        try (SseClient stayingOnB = b.stream("users/" + user, Tokens.user(user))) {
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> publisher = publishUntilStopped(a, user, acknowledged, refusals, running);
            Await.until(TIMEOUT, () -> acknowledged.size() >= 20, "publishing before the pause");
            int threadsBefore = nodeA.figures().threads();
            redis.pause();
            try {
                // A burst of publishers against a bus that answers nothing: each is refused within the
                // Redis timeout (1 s here) instead of waiting, and the node's threads stay bounded.
                java.util.concurrent.ExecutorService burst = java.util.concurrent.Executors.newFixedThreadPool(50);
                try {
                    List<CompletableFuture<long[]>> answers = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        answers.add(CompletableFuture.supplyAsync(() -> {
                            long start = System.nanoTime();
                            Http.Answer answer = Http.postJson(a.uri("users/" + user + "/notifications"), Tokens.publisher(),
                                    "{\"data\":\"paused\"}");
                            if (answer.status() == 202) {
                                acknowledged.add(answer.json().getString("id"));
                            } else {
                                refusals.incrementAndGet();
                            }
                            return new long[] {answer.status(), (System.nanoTime() - start) / 1_000_000};
                        }, burst));
                    }
                    int peakThreads = threadsBefore;
                    for (CompletableFuture<long[]> answer : answers) {
                        long[] statusAndMillis = answer.get(20, TimeUnit.SECONDS);
                        assertEquals(503, statusAndMillis[0], "a publish to a paused Redis is refused");
                        assertTrue(statusAndMillis[1] < 3000, "refused within the timeout's bound, took " + statusAndMillis[1] + " ms");
                        peakThreads = Math.max(peakThreads, nodeA.figures().threads());
                    }
                    assertTrue(peakThreads <= threadsBefore + 80, "threads stayed bounded: " + threadsBefore + " -> " + peakThreads);
                } finally {
                    burst.shutdownNow();
                }
                int comments = stayingOnB.comments().size();
                Await.until(TIMEOUT, () -> stayingOnB.comments().size() >= comments + 2, "heartbeats go on while Redis is paused");
            } finally {
                redis.resume();
            }
            Await.until(TIMEOUT, () -> isUp(a) && isUp(b), "both nodes up after the pause");
            int atResume = acknowledged.size();
            Await.until(TIMEOUT, () -> acknowledged.size() >= atResume + 20, "publishing after the pause");
            running.set(false);
            publisher.get(10, TimeUnit.SECONDS);

            // Commands that timed out were still sent; Redis runs them when it resumes, so a refused publish
            // may be stored (at least once). Every 202 must arrive exactly once, in order.
            List<String> expected = List.copyOf(acknowledged).stream().sorted(StreamsIT::compareIds).toList();
            String lastAcknowledged = expected.get(expected.size() - 1);
            List<String> received = idsUntil(stayingOnB, lastAcknowledged);
            assertAcknowledgedExactlyOnceInOrder(expected, received, refusals.get());
            try (SseClient resumed = b.stream("users/" + user, Tokens.user(user), expected.get(0))) {
                List<String> replayed = idsUntil(resumed, lastAcknowledged);
                assertAcknowledgedExactlyOnceInOrder(expected.subList(1, expected.size()), replayed, refusals.get());
            }
        }
    }

    @Test
    @Order(9)
    void aReconnectStormIsAnsweredWith200Or429AndLeavesTheNodeHealthy() throws Exception {
        String topic = "storm-" + HeraldApi.newUser();
        List<String> ids = b.publishMany("topics/" + topic, 20);
        long rssBefore = nodeB.figures().rssKib();
        List<String> replay = ids.subList(5, 20);
        try (ReconnectStorm storm = ReconnectStorm.against(b.uri("topics/" + topic + "/events"), 2000,
                i -> Tokens.user("storm-" + (i % 40), topic), ids.get(4), replay.size())) {
            List<ReconnectStorm.Reply> replies = storm.replies(Duration.ofSeconds(90));
            Map<Integer, Long> statuses = replies.stream()
                    .collect(java.util.stream.Collectors.groupingBy(ReconnectStorm.Reply::status, java.util.stream.Collectors.counting()));
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), "only 200 or 429: " + statuses);
            assertTrue(statuses.getOrDefault(200, 0L) >= 1000, "most were let in: " + statuses);
            for (ReconnectStorm.Reply reply : replies) {
                if (reply.status() == 200) {
                    assertEquals(replay, reply.ids(), "an accepted stream replays exactly what came after its Last-Event-ID");
                } else {
                    assertTrue(reply.headers().containsKey("retry-after"), "a 429 says when to retry");
                    assertTrue(reply.headers().get("content-type").startsWith("application/problem+json"), reply.body());
                }
            }
            assertTrue(isUp(b), "the node stays up");
            long rssGrowthMib = (nodeB.figures().rssKib() - rssBefore) / 1024;
            assertTrue(rssGrowthMib < 400, "memory stayed bounded: grew " + rssGrowthMib + " MiB");
        }
        Await.until(TIMEOUT, () -> b.sseConnections() == 0, "every stream of the storm released");
        try (SseClient after = b.stream("topics/" + topic, Tokens.user("after", topic), ids.get(18))) {
            assertEquals(ids.subList(19, 20), HeraldApi.ids(after.nextEnvelopes(1, TIMEOUT)));
        }
    }
}
