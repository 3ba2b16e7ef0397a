package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What a client sees when its node hands it over (SIGTERM, undeploy): the checks ClusterIT and UndeployIT share. */
final class HandOver {

    private HandOver() {}

    /** The parked poll was answered, soon, empty, with the cursor it was given. */
    static void assertPollAnswered(CompletableFuture<Http.Answer> parked, String cursor) throws Exception {
        Http.Answer answered = parked.get(5, TimeUnit.SECONDS);
        assertEquals(200, answered.status(), "the parked poll was answered before the node went");
        assertEquals(0, answered.json().getJsonArray("updates").size());
        assertEquals(cursor, answered.json().getString("cursor"));
    }

    /** The stream was closed by the server after a last frame with a retry hint spread over 0.5–3 s. */
    static void assertClosedWithRetryHint(SseClient stream, Duration timeout) {
        assertTrue(stream.awaitClosed(timeout), "the node closed the stream");
        Long retry = stream.reconnectionTime();
        assertTrue(retry != null && retry >= 500 && retry < 3000, "the closing frame's spread-out retry hint, got " + retry);
    }
}
