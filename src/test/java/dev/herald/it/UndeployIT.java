package dev.herald.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An undeploy from the server's console, on the two servers that have one: a parked poll is
 * answered and a stream gets its retry hint before the application goes (SIGTERM is ClusterIT's).
 */
@Tag("undeploy")
class UndeployIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, String> SETTINGS = Map.of("herald.jwt.secret", Tokens.SECRET);

    @Test
    void anUndeployOnPayaraServerAnswersParkedPollsAndClosesStreamsWithARetryHint() throws Exception {
        try (ConsoleServer server = PayaraServerDomain.start(SETTINGS)) {
            undeployHandsTheClientsOver(server);
        }
    }

    @Test
    void anUndeployOnWildFlyAnswersParkedPollsAndClosesStreamsWithARetryHint() throws Exception {
        try (ConsoleServer server = WildFlyStandalone.start(SETTINGS)) {
            undeployHandsTheClientsOver(server);
        }
    }

    private static void undeployHandsTheClientsOver(ConsoleServer server) throws Exception {
        server.deploy(Path.of(System.getProperty("herald.war")));
        HeraldApi api = new HeraldApi(server.base());
        String user = HeraldApi.newUser();
        String id = api.publish("users/" + user, "{\"data\":1}");
        CompletableFuture<Http.Answer> parked = CompletableFuture.supplyAsync(
                () -> Http.get(api.uri("users/" + user + "/updates?wait=30&since=" + id), Tokens.user(user)));
        try (SseClient stream = api.stream("users/" + user, Tokens.user(user), id)) {
            Await.until(TIMEOUT, () -> api.pollConnections() == 1, "the poll parked");
            server.undeploy();
            HandOver.assertPollAnswered(parked, id);
            HandOver.assertClosedWithRetryHint(stream, TIMEOUT);
        }
    }
}
