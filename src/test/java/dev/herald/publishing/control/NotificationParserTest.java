package dev.herald.publishing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.problems.Problem;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationParserTest {

    private static final Channel USER = Channel.user("42");

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static int status(Problem problem) {
        return problem.getResponse().getStatus();
    }

    private static String body(Problem problem) {
        return (String) problem.getResponse().getEntity();
    }

    @Test
    void singleTakesTypeAndAnyData() {
        Notification notification = NotificationParser.single(USER, json("{\"type\":\"order-shipped\",\"data\":[1]}"));
        assertEquals(new Notification(USER, "order-shipped", json("[1]")), notification);
        assertEquals("update", NotificationParser.single(USER, json("{\"data\":null}")).type());
        assertEquals(JsonValue.NULL, NotificationParser.single(USER, json("{\"data\":null}")).data());
    }

    @Test
    void singleRejectsEverythingElseWith400() {
        for (String body : List.of("[]", "1", "\"x\"", "{}", "{\"type\":\"x\"}", "{\"data\":1,\"extra\":1}",
                "{\"type\":null,\"data\":1}", "{\"type\":1,\"data\":1}", "{\"type\":\"a b\",\"data\":1}", "{\"type\":\"\",\"data\":1}")) {
            Problem problem = assertThrows(Problem.class, () -> NotificationParser.single(USER, json(body)), body);
            assertEquals(400, status(problem), body);
            assertTrue(body(problem).contains("\"status\":400"), body(problem));
        }
    }

    @Test
    void batchAddressesEachItemToAUserOrATopic() {
        List<Notification> notifications = NotificationParser.batch(
                json("[{\"userId\":\"42\",\"data\":1},{\"topic\":\"news\",\"type\":\"headline\",\"data\":\"x\"}]"), 10);
        assertEquals(List.of(new Notification(USER, "update", json("1")),
                new Notification(Channel.topic("news"), "headline", json("\"x\""))), notifications);
        assertEquals(List.of(), NotificationParser.batch(json("[]"), 10));
    }

    @Test
    void batchRejectsTheWholeBatchNamingTheItem() {
        for (String body : List.of("{}", "[1]", "[{\"data\":1}]", "[{\"userId\":\"1\",\"topic\":\"t\",\"data\":1}]",
                "[{\"userId\":\"a b\",\"data\":1}]", "[{\"userId\":7,\"data\":1}]", "[{\"userId\":\"1\"}]",
                "[{\"userId\":\"1\",\"data\":1,\"x\":0}]")) {
            Problem problem = assertThrows(Problem.class, () -> NotificationParser.batch(json(body), 10), body);
            assertEquals(400, status(problem), body);
        }
        Problem second = assertThrows(Problem.class, () -> NotificationParser.batch(
                json("[{\"userId\":\"1\",\"data\":1},{\"topic\":\"bad:name\",\"data\":1}]"), 10));
        assertTrue(body(second).contains("Item 1"), body(second));
    }

    @Test
    void batchOverTheItemLimitIs413() {
        Problem problem = assertThrows(Problem.class,
                () -> NotificationParser.batch(json("[{\"userId\":\"1\",\"data\":1},{\"userId\":\"2\",\"data\":2}]"), 1));
        assertEquals(413, status(problem));
    }
}
