package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two nodes joined by a local three-master Redis Cluster: channels spread over slots, sharded pub/sub. */
@Tag("cluster")
class RedisClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static RedisCluster redis;
    private static List<PayaraNode> nodes;
    private static HeraldApi a;
    private static HeraldApi b;

    @BeforeAll
    static void startCluster() {
        Prerequisites.requireRedisServer();
        redis = RedisCluster.start();
        nodes = PayaraNode.startAll(Map.of("herald.redis.url", redis.url(), "herald.jwt.secret", Tokens.SECRET,
                "herald.heartbeat-seconds", "1"), "cluster-a", "cluster-b");
        a = new HeraldApi(nodes.get(0).base());
        b = new HeraldApi(nodes.get(1).base());
        Await.until(TIMEOUT, () -> Http.get(a.uri("health"), null).status() == 200
                && Http.get(b.uri("health"), null).status() == 200, "both nodes connected to the cluster");
    }

    @AfterAll
    static void stopCluster() {
        if (nodes != null) {
            nodes.forEach(PayaraNode::close);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void channelsOnEverySlotDeliverAcrossNodesAndResume() {
        List<String> users = new ArrayList<>();
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String user = HeraldApi.newUser();
                users.add(user);
                streams.add(b.stream("users/" + user, Tokens.user(user)));
            }
            List<String> ids = new ArrayList<>();
            for (String user : users) {
                ids.add(a.publish("users/" + user, "{\"data\":\"" + user + "\"}"));
            }
            for (int i = 0; i < users.size(); i++) {
                assertEquals(ids.get(i), streams.get(i).nextEnvelopes(1, TIMEOUT).get(0).idField(), users.get(i));
            }
            String user = users.get(0);
            List<String> more = a.publishMany("users/" + user, 3);
            try (SseClient resumed = a.stream("users/" + user, Tokens.user(user), ids.get(0))) {
                assertEquals(more, HeraldApi.ids(resumed.nextEnvelopes(3, TIMEOUT)));
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void aBatchOverEverySlotIsPublishedInOrderEvenByMastersThatLackTheScript() {
        redis.forgetScripts();
        List<String> users = new ArrayList<>();
        List<SseClient> streams = new ArrayList<>();
        try {
            // 24 users: their channels fall on all three masters but with odds below 1 in 5,000.
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 24; i++) {
                String user = HeraldApi.newUser();
                users.add(user);
                streams.add(b.stream("users/" + user, Tokens.user(user)));
            }
            for (int round = 0; round < 2; round++) {
                for (String user : users) {
                    batch.append(batch.length() == 1 ? "" : ",")
                            .append("{\"userId\":\"").append(user).append("\",\"data\":\"").append(user).append('#')
                            .append(round).append("\"}");
                }
            }
            Http.Answer answer = Http.postJson(a.uri("notifications"), Tokens.publisher(), batch.append(']').toString());
            assertEquals(202, answer.status(), answer.body());
            List<String> ids = answer.json().getJsonArray("ids").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
            assertEquals(48, ids.size());
            for (int i = 0; i < users.size(); i++) {
                List<SseEvent> received = streams.get(i).nextEnvelopes(2, TIMEOUT);
                assertEquals(List.of(ids.get(i), ids.get(i + users.size())), HeraldApi.ids(received), users.get(i));
                for (int round = 0; round < 2; round++) {
                    assertEquals("\"" + users.get(i) + "#" + round + "\"",
                            Json.createReader(new StringReader(received.get(round).data())).readObject().get("data").toString());
                }
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void kicksAndTheClusterViewReachEveryNode() {
        Await.until(TIMEOUT, () -> b.stats().getJsonObject("cluster").getInt("size") == 2, "B sees both nodes");
        String user = HeraldApi.newUser();
        try (SseClient onB = b.stream("users/" + user, Tokens.user(user))) {
            assertEquals(202, Http.post(a.uri("admin/users/" + user + "/kick"), Tokens.admin(), null, "").status());
            assertEquals("kicked", onB.next(TIMEOUT).event());
            assertTrue(onB.awaitEnd(TIMEOUT));
        }
    }
}
