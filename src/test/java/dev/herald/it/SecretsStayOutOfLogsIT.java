package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node as operators run it, with its whole log kept: after valid and refused tokens in headers,
 * in {@code access_token} query strings and in cookies, an expired stream and a kick, the log holds
 * neither the JWT secret nor any token, nor an {@code access_token} query string.
 */
@Tag("cluster")
class SecretsStayOutOfLogsIT {

    private static final String SECRET = "log-hygiene-secret-" + "0123456789abcdef0123456789abcdef";

    @Test
    void theLogNeverHoldsTheSecretOrATokenWhateverClientsSend() throws IOException {
        try (PayaraNode node = PayaraNode.start("logs", Map.of("herald.jwt.secret", SECRET, "herald.heartbeat-seconds", "1"))) {
            HeraldApi api = new HeraldApi(node.base());
            String user = HeraldApi.newUser();
            String userToken = Tokens.hs256().secret(SECRET).sub(user).build();
            String publisher = Tokens.hs256().secret(SECRET).sub("app").groups("publisher").build();
            String admin = Tokens.hs256().secret(SECRET).sub("ops").groups("admin").build();
            String wrongSecret = Tokens.hs256().sub(user).build();
            String expired = Tokens.hs256().secret(SECRET).sub(user).exp(Instant.now().minusSeconds(30)).build();
            String expiring = Tokens.hs256().secret(SECRET).sub(user)
                    .exp(Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS)).build();
            List<String> tokens = List.of(userToken, publisher, admin, wrongSecret, expired, expiring);

            try (SseClient query = SseClient.open(api.uri("users/" + user + "/events?access_token=" + userToken), Map.of());
                    SseClient ending = SseClient.open(api.uri("users/" + user + "/events?access_token=" + expiring), Map.of())) {
                assertEquals(200, query.status());
                Http.postJson(api.uri("users/" + user + "/notifications?access_token=" + publisher), null, "{\"data\":1}");
                assertEquals("token-expired", ending.awaitEvent(e -> e.idField() == null && !e.event().equals("connected"),
                        Duration.ofSeconds(10)).event());
            }
            for (String refused : List.of(wrongSecret, expired, "not.a.token", publisher + "x")) {
                Http.get(api.uri("users/" + user + "/updates?wait=0&access_token=" + refused), null);
                Http.get(api.uri("users/" + user + "/updates?wait=0"), null, "Cookie", "herald_token=" + refused);
                Http.postJson(api.uri("users/" + user + "/notifications"), refused, "{\"data\":1}");
                Http.get(api.uri("admin/stats"), refused);
            }
            Http.postJson(api.uri("users/" + user + "/notifications"), null, "{\"data\":1}", "Cookie", "herald_token=" + publisher);
            Http.post(api.uri("admin/users/" + user + "/kick"), admin, null, "");
            Http.postJson(api.uri("users/" + user + "/notifications"), publisher, "{\"data\":" + "[".repeat(5000) + "}");

            String log = Files.readString(node.log());
            assertTrue(log.contains("Herald"), "the log is the node's: " + node.log());
            assertFalse(log.contains(SECRET), "the JWT secret is in " + node.log());
            for (String token : tokens) {
                assertFalse(log.contains(token), "a token is in " + node.log());
                assertFalse(log.contains(token.substring(token.lastIndexOf('.') + 1)), "a token's signature is in " + node.log());
            }
            assertFalse(log.contains("access_token="), "an access_token query string is in " + node.log());
        }
    }
}
