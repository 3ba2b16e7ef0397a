package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing, security and errors as API.md describes them, over real HTTP against the deployed WAR. */
class PublishingIT extends ContractSuite {

    /** Asserts a problem+json answer with this status and returns its body. */
    private static JsonObject problem(Http.Answer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        JsonObject body = answer.json();
        assertEquals(status, body.getInt("status"));
        assertNotNull(body.getString("type"));
        assertNotNull(body.getString("title"));
        assertFalse(body.getString("detail").isBlank());
        assertFalse(answer.body().contains("Exception"), "no internals: " + answer.body());
        assertFalse(answer.body().contains("\tat "), "no stack trace");
        return body;
    }

    private Http.Answer publishAs(String token, String channelPath, String json) {
        return Http.postJson(api.uri(channelPath + "/notifications"), token, json);
    }

    @Test
    void publishAnswers202WithTheIdAndChannel() {
        String user = HeraldApi.newUser();
        Http.Answer answer = publishAs(Tokens.publisher(), "users/" + user, "{\"type\":\"order-shipped\",\"data\":{\"a\":1}}");
        assertEquals(202, answer.status());
        assertTrue(answer.contentType().startsWith("application/json"));
        assertEquals("user:" + user, answer.json().getString("channel"));
        assertTrue(answer.json().getString("id").matches("\\d+-\\d+"));
    }

    @Test
    void dataIsAnyJsonValueAndTypeDefaultsToUpdate() {
        String user = HeraldApi.newUser();
        try (SseClient client = api.stream("users/" + user, Tokens.user(user))) {
            List<String> values = List.of("null", "true", "0", "-1.50", "\"text\"", "[1,[2]]", "{\"x\":{}}");
            for (String value : values) {
                api.publish("users/" + user, "{\"data\":" + value + "}");
            }
            List<SseEvent> events = client.nextEnvelopes(values.size(), TIMEOUT);
            for (int i = 0; i < values.size(); i++) {
                assertEquals("update", events.get(i).event());
                JsonObject envelope = json(events.get(i).data());
                assertEquals("update", envelope.getString("type"));
                try (JsonReader reader = Json.createReader(new StringReader(values.get(i)))) {
                    assertEquals(reader.readValue(), envelope.get("data"));
                }
            }
        }
    }

    @Test
    void batchIsPublishedInOrderToEachChannel() {
        String user = HeraldApi.newUser();
        String topic = "t-" + user;
        try (SseClient userStream = api.stream("users/" + user, Tokens.user(user));
                SseClient topicStream = api.stream("topics/" + topic, Tokens.user("reader", topic))) {
            Http.Answer answer = Http.postJson(api.uri("notifications"), Tokens.publisher(),
                    "[{\"userId\":\"" + user + "\",\"data\":1},{\"topic\":\"" + topic + "\",\"type\":\"news\",\"data\":2},"
                            + "{\"userId\":\"" + user + "\",\"type\":\"x\",\"data\":3}]");
            assertEquals(202, answer.status(), answer.body());
            List<String> ids = answer.json().getJsonArray("ids").getValuesAs(JsonValue::toString).stream()
                    .map(s -> s.replace("\"", "")).toList();
            assertEquals(3, ids.size());
            assertEquals(List.of(ids.get(0), ids.get(2)), HeraldApi.ids(userStream.nextEnvelopes(2, TIMEOUT)));
            SseEvent news = topicStream.nextEnvelopes(1, TIMEOUT).get(0);
            assertEquals(ids.get(1), news.idField());
            assertEquals("news", news.event());
        }
    }

    @Test
    void aBatchWithOneBadItemIs400AndPublishesNothing() {
        String user = HeraldApi.newUser();
        try (SseClient stream = api.stream("users/" + user, Tokens.user(user))) {
            Http.Answer answer = Http.postJson(api.uri("notifications"), Tokens.publisher(),
                    "[{\"userId\":\"" + user + "\",\"data\":1},{\"userId\":\"bad name\",\"data\":2}]");
            JsonObject body = problem(answer, 400);
            assertTrue(body.getString("detail").contains("1"), body.getString("detail"));
            String marker = api.publish("users/" + user, "{\"type\":\"marker\",\"data\":0}");
            assertEquals(marker, stream.nextEnvelopes(1, TIMEOUT).get(0).idField(), "the first event is the marker");
        }
    }

    @Test
    void malformedPublishesAre400() {
        String user = HeraldApi.newUser();
        for (String body : List.of("", "not json", "[1]", "42", "{\"type\":\"x\"}", "{\"data\":1,\"extra\":2}",
                "{\"type\":\"bad type\",\"data\":1}", "{\"type\":7,\"data\":1}", "{\"type\":null,\"data\":1}",
                "{\"data\":1,\"data\":2}", "{\"data\":1", "{\"type\":\"" + "t".repeat(65) + "\",\"data\":1}")) {
            problem(publishAs(Tokens.publisher(), "users/" + user, body), 400);
        }
        problem(publishAs(Tokens.publisher(), "users/has%20space", "{\"data\":1}"), 400);
        problem(publishAs(Tokens.publisher(), "users/" + "a".repeat(129), "{\"data\":1}"), 400);
        problem(publishAs(Tokens.publisher(), "topics/bad:name", "{\"data\":1}"), 400);
        problem(Http.postBytes(api.uri("users/" + user + "/notifications"), Tokens.publisher(), "application/json",
                new byte[] {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400);
    }

    @Test
    void bodyInAnotherCharsetIsReadInThatCharset() {
        String user = HeraldApi.newUser();
        try (SseClient stream = api.stream("users/" + user, Tokens.user(user))) {
            Http.Answer answer = Http.postBytes(api.uri("users/" + user + "/notifications"), Tokens.publisher(),
                    "application/json; charset=ISO-8859-1", "{\"data\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(202, answer.status(), answer.body());
            assertEquals("caf\u00e9", json(stream.nextEnvelopes(1, TIMEOUT).get(0).data()).getString("data"));
        }
    }

    @Test
    void oversizedBodiesAndBatchesAre413() {
        String user = HeraldApi.newUser();
        problem(publishAs(Tokens.publisher(), "users/" + user, "{\"data\":\"" + "x".repeat(70_000) + "\"}"), 413);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 501; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"userId\":\"u\",\"data\":").append(i).append('}');
        }
        problem(Http.postJson(api.uri("notifications"), Tokens.publisher(), batch.append(']').toString()), 413);
    }

    @Test
    void oversizedBodiesAre413OverAnUpgradedHttp2ConnectionToo() throws Exception {
        // The JDK's default client upgrades to h2c; a body the server never read would stall there.
        java.net.http.HttpClient http2 = java.net.http.HttpClient.newHttpClient();
        String user = HeraldApi.newUser();
        for (int size : new int[] {10, 70_000, 10, 300_000}) {
            java.net.http.HttpResponse<String> answer = http2.send(java.net.http.HttpRequest.newBuilder(
                            api.uri("users/" + user + "/notifications"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + Tokens.publisher())
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\":\"" + "x".repeat(size) + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(size < 65_000 ? 202 : 413, answer.statusCode(), "body of " + size);
        }
    }

    @Test
    void wrongContentTypeIs415() {
        String user = HeraldApi.newUser();
        problem(Http.post(api.uri("users/" + user + "/notifications"), Tokens.publisher(), "text/plain", "{\"data\":1}"), 415);
        problem(Http.post(api.uri("users/" + user + "/notifications"), Tokens.publisher(), null, "{\"data\":1}"), 415);
    }

    @Test
    void missingOrBadCredentialsAre401() {
        String user = HeraldApi.newUser();
        String path = "users/" + user;
        Http.Answer none = publishAs(null, path, "{\"data\":1}");
        problem(none, 401);
        assertNotNull(none.header("WWW-Authenticate"));
        problem(publishAs("not.a.jwt", path, "{\"data\":1}"), 401);
        problem(publishAs(Tokens.hs256().sub("p").groups("publisher").expiresAt(Instant.now().minusSeconds(5)).build(),
                path, "{\"data\":1}"), 401);
        problem(publishAs(Tokens.hs256().sub("p").groups("publisher").withoutExpiry().build(), path, "{\"data\":1}"), 401);
        problem(publishAs(Tokens.hs256().sub("p").groups("publisher").secret("another-secret-of-enough-length-0123456789").build(),
                path, "{\"data\":1}"), 401);
        String unsigned = Tokens.publisher().substring(0, Tokens.publisher().lastIndexOf('.') + 1);
        problem(publishAs(unsigned, path, "{\"data\":1}"), 401);
        problem(Http.get(api.uri(path + "/events"), null), 401);
        problem(Http.get(api.uri("admin/stats"), null), 401);
        problem(Http.postJson(api.uri(path + "/notifications"), null, "{\"data\":1}", "Authorization", "Basic dTpw"), 401);
    }

    @Test
    void rs256TokensAreAccepted() {
        String user = HeraldApi.newUser();
        assertEquals(202, publishAs(Tokens.rs256().sub("p").groups("publisher").build(), "users/" + user, "{\"data\":1}").status());
        try (SseClient stream = api.stream("users/" + user, Tokens.rs256().sub(user).build())) {
            assertEquals(200, stream.status());
        }
    }

    @Test
    void checksGo401Then400Then403() {
        String user = HeraldApi.newUser();
        problem(publishAs(null, "users/bad%20name", "not json"), 401);
        problem(publishAs(Tokens.user(user), "users/bad%20name", "{\"data\":1}"), 400);
        problem(publishAs(Tokens.user(user), "users/" + user, "not json"), 400);
        problem(publishAs(Tokens.user(user), "users/" + user, "{\"data\":1}"), 403);
        problem(Http.get(api.uri("users/bad%20name/events"), Tokens.user(user)), 400);
        problem(Http.get(api.uri("users/someone-else/events"), Tokens.user(user)), 403);
        problem(Http.get(api.uri("topics/secret/events"), Tokens.user(user, "news")), 403);
        problem(Http.get(api.uri("admin/stats"), Tokens.publisher()), 403);
        problem(Http.get(api.uri("metrics"), Tokens.user(user)), 403);
    }

    @Test
    void tokenMayComeAsQueryParameterOrCookieButACookieOnlyReads() {
        String user = HeraldApi.newUser();
        try (SseClient query = SseClient.open(api.uri("users/" + user + "/events?access_token=" + Tokens.user(user)), Map.of());
                SseClient cookie = SseClient.open(api.uri("users/" + user + "/events"),
                        Map.of("Cookie", "herald_token=" + Tokens.user(user)))) {
            assertEquals(200, query.status());
            assertEquals(200, cookie.status());
        }
        problem(Http.postJson(api.uri("users/" + user + "/notifications"), null, "{\"data\":1}",
                "Cookie", "herald_token=" + Tokens.publisher()), 401);
        problem(Http.get(api.uri("admin/stats"), null, "Cookie", "herald_token=" + Tokens.admin()), 401);
        assertEquals(202, Http.postJson(api.uri("users/" + user + "/notifications?access_token=" + Tokens.publisher()), null,
                "{\"data\":1}").status());
    }

    @Test
    void allTopicsTokenReadsAnyTopic() {
        try (SseClient stream = api.stream("topics/anything-" + HeraldApi.newUser(), Tokens.user("reader", "*"))) {
            assertEquals(200, stream.status());
        }
    }

    @Test
    void corsAnswersOnlyConfiguredOrigins() {
        Http.Answer allowed = Http.method("OPTIONS", api.uri("users/u/notifications"), null,
                "Origin", "https://app.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type");
        assertTrue(allowed.status() == 200 || allowed.status() == 204, "preflight " + allowed.status());
        assertEquals("https://app.example", allowed.header("Access-Control-Allow-Origin"));
        assertTrue(allowed.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(allowed.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));

        Http.Answer refused = Http.method("OPTIONS", api.uri("users/u/notifications"), null,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertNull(refused.header("Access-Control-Allow-Origin"));

        Http.Answer simple = Http.get(api.uri("health"), null, "Origin", "https://app.example");
        assertEquals("https://app.example", simple.header("Access-Control-Allow-Origin"));
        assertNull(Http.get(api.uri("health"), null, "Origin", "https://evil.example").header("Access-Control-Allow-Origin"));
        Http.Answer unauthorized = Http.get(api.uri("admin/stats"), null, "Origin", "https://app.example");
        assertEquals(401, unauthorized.status());
        assertEquals("https://app.example", unauthorized.header("Access-Control-Allow-Origin"), "errors are readable too");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        problem(Http.get(api.uri("nothing-here"), Tokens.admin()), 404);
        problem(Http.method("DELETE", api.uri("health"), null), 405);
        Http.Answer health = Http.get(api.uri("health"), null);
        assertEquals("nosniff", health.header("X-Content-Type-Options"));
    }
}
