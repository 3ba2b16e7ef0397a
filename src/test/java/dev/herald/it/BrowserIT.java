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
 * The browser client and the demo page in a real Chromium: runs {@code src/test/browser} with
 * Node's test runner against a dev-mode node started from the WAR. Screenshots land in
 * {@code target/browser/}.
 */
@Tag("cluster")
class BrowserIT {

    private static final Path TESTS = Path.of("src/test/browser");

    @Test
    void theClientAndTheDemoPageWorkInChromium() throws IOException, InterruptedException {
        Prerequisites.requireBrowser();
        try (PayaraNode node = PayaraNode.start("browser", Map.of("herald.dev-mode", "true", "herald.heartbeat-seconds", "1",
                "herald.jwt.secret", Tokens.SECRET))) {
            Path output = Files.createDirectories(Path.of("target/browser")).resolve("node-test-output.txt");
            ProcessBuilder run = new ProcessBuilder(List.of("node", "--test", TESTS.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            run.environment().put("HERALD_BASE", node.base().toString());
            run.environment().put("HERALD_SCREENSHOTS", "target/browser");
            run.environment().put("HERALD_SECRET", Tokens.SECRET);
            Process tests = run.start();
            assertTrue(tests.waitFor(5, TimeUnit.MINUTES), "the browser tests finished in time");
            String report = Files.readString(output);
            System.out.println(report);
            assertEquals(0, tests.exitValue(), "the browser tests failed:\n" + report);
        }
    }
}
