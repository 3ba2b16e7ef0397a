package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The browser client, the demo page and the admin console in a real Chromium: runs
 * {@code src/test/browser} with Node's test runner against two dev-mode nodes started from the WAR
 * and joined by a test-owned Redis. Screenshots land in
 * {@code target/browser/}.
 */
@Tag("cluster")
class BrowserIT {

    private static final Path TESTS = Path.of("src/test/browser");

    @Test
    void theClientAndTheDemoPageWorkInChromium() throws IOException, InterruptedException {
        Prerequisites.requireBrowser();
        Prerequisites.requireRedisServer();
        try (RedisServer redis = RedisServer.startEphemeral();
                Nodes nodes = new Nodes(PayaraNode.startAll(Map.of("herald.dev-mode", "true", "herald.heartbeat-seconds", "1",
                        "herald.jwt.secret", Tokens.SECRET,
                        "herald.redis.url", redis.url()), "browser-a", "browser-b"))) {
            PayaraNode node = nodes.all().get(0);
            Path output = Files.createDirectories(Path.of("target/browser")).resolve("node-test-output.txt");
            ProcessBuilder run = new ProcessBuilder(List.of("node", "--test", TESTS.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            run.environment().put("HERALD_BASE", node.base().toString());
            // The admin console's kick is checked against a client on the other node.
            run.environment().put("HERALD_OTHER_BASE", nodes.all().get(1).base().toString());
            run.environment().put("HERALD_SCREENSHOTS", "target/browser");
            run.environment().put("HERALD_SECRET", Tokens.SECRET);
            Process tests = run.start();
            assertTrue(tests.waitFor(5, TimeUnit.MINUTES), "the browser tests finished in time");
            String report = Files.readString(output);
            System.out.println(report);
            assertEquals(0, tests.exitValue(), "the browser tests failed:\n" + report);
        }
    }

    /** Both nodes, stopped together. */
    private record Nodes(List<PayaraNode> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(PayaraNode::close);
        }
    }
}
