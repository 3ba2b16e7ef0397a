package dev.herald.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What some suites need besides a JDK and Maven. Where it is missing they are skipped with this
 * reason (the README's "Tests" section explains it); {@code .ci/run} installs all of it.
 */
public final class Prerequisites {

    private Prerequisites() {}

    public static void requireRedisServer() {
        assumeTrue(onPath("redis-server"),
                "skipped: redis-server is not installed (apt-get install redis-server, or run .ci/run)");
    }

    public static void requireBrowser() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                "skipped: Chromium is not installed (apt-get install chromium, or run .ci/run)");
        assumeTrue(onPath("node") && Files.isDirectory(Path.of("src/test/browser/node_modules/playwright-core")),
                "skipped: Node and playwright-core are needed (npm ci --prefix src/test/browser, or run .ci/run)");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
