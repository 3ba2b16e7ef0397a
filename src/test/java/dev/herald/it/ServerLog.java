package dev.herald.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log file of the server under test, named by {@code herald.it.server-log} (each failsafe
 * execution names its server's): what it gained after a mark, and which of those lines are
 * warnings or errors. Both servers' formats are understood: WildFly's {@code 2026-… ERROR [cat]}
 * and Payara's {@code [2026-…] [] [WARNING] … [levelValue: 900]} (its level names carry colour codes,
 * so its numeric level is read: 900 is WARNING, 1000 SEVERE).
 */
final class ServerLog {

    private static final Pattern WILDFLY_WARNING_OR_WORSE = Pattern.compile("^\\S+ \\S+ (WARN|ERROR|FATAL) ");
    private static final Pattern PAYARA_LEVEL = Pattern.compile("^\\[[^\\]]*\\] .*\\[levelValue: (\\d+)\\]");
    private static final int PAYARA_WARNING = 900;

    private final Path file;

    private ServerLog(Path file) {
        this.file = file;
    }

    /** This run's server log; skips the calling test where the run keeps none. */
    static ServerLog ofThisRun() {
        String name = System.getProperty("herald.it.server-log");
        assumeTrue(name != null && !name.isBlank(), "skipped: this run names no server log (herald.it.server-log)");
        Path file = Path.of(name);
        assumeTrue(Files.isReadable(file), "skipped: the server log " + file + " does not exist");
        return new ServerLog(file);
    }

    /** A mark: the log's length now. */
    long mark() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The warnings and errors written after {@code mark}. */
    List<String> warningsSince(long mark) {
        return Pattern.compile("\\R").splitAsStream(textSince(mark))
                .filter(ServerLog::isWarningOrWorse)
                .toList();
    }

    static boolean isWarningOrWorse(String line) {
        if (WILDFLY_WARNING_OR_WORSE.matcher(line).find()) {
            return true;
        }
        Matcher payara = PAYARA_LEVEL.matcher(line);
        return payara.find() && Integer.parseInt(payara.group(1)) >= PAYARA_WARNING;
    }

    /**
     * Watches the log for {@code window} and returns the first warnings or errors written after
     * {@code mark} (none: an empty list). A server logs a dropped connection shortly after it
     * notices, on a thread of its own, so "nothing" can only be shown over a stretch of time.
     */
    List<String> warningsWithin(Duration window, long mark) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> warnings = warningsSince(mark);
            if (!warnings.isEmpty()) {
                return warnings;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted watching " + file, e);
            }
        }
        return warningsSince(mark);
    }

    private String textSince(long mark) {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            if (length <= mark) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - mark)];
            log.seek(mark);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
