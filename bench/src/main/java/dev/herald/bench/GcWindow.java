package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's G1 pauses within a stretch of wall-clock time, read from its GC log
 * ({@code -Xlog:gc:file=...:time,uptime,level,tags}, as bench/run starts it), and the rate it
 * allocated at between them: what heap occupancy grew by from the end of one pause to the start of
 * the next. JFR's allocation samples misjudged that rate three- to fourfold (finding 36); the log
 * does not, and this puts the figure in the result file.
 */
final class GcWindow {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^]]+)].*GC\\(\\d+\\) Pause (Young|Full)\\b.* (\\d+)M->(\\d+)M\\(\\d+M\\) ([\\d.]+)ms$");

    private GcWindow() {
    }

    /**
     * Young and full pauses between the two instants (epoch milliseconds), with the young
     * generation's allocation rate between the first and last of them; empty when the log has no
     * wall-clock times or no G1 pauses (another collector).
     */
    static Map<String, Object> between(Path gcLog, long fromMillis, long toMillis) {
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            return Map.of("unreadable", e.toString());
        }
        int pauses = 0;
        double pausedMs = 0;
        double longestMs = 0;
        long firstAt = -1;
        long lastAt = -1;
        long allocatedMb = 0;
        long previousAfterMb = -1;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at;
            try {
                at = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
            } catch (RuntimeException e) {
                continue;
            }
            long beforeMb = Long.parseLong(m.group(3));
            long afterMb = Long.parseLong(m.group(4));
            if (at >= fromMillis && at <= toMillis) {
                double ms = Double.parseDouble(m.group(5));
                pauses++;
                pausedMs += ms;
                longestMs = Math.max(longestMs, ms);
                if (firstAt < 0) {
                    firstAt = at;
                } else if (previousAfterMb >= 0) {
                    allocatedMb += Math.max(0, beforeMb - previousAfterMb);
                }
                lastAt = at;
            }
            previousAfterMb = afterMb;
        }
        Map<String, Object> gc = new LinkedHashMap<>();
        if (pauses == 0) {
            return gc;
        }
        gc.put("pauses", pauses);
        gc.put("pausedMs", Math.round(pausedMs * 10) / 10.0);
        gc.put("longestPauseMs", Math.round(longestMs * 10) / 10.0);
        if (pauses > 1) {
            double seconds = (lastAt - firstAt) / 1000.0;
            gc.put("secondsBetweenPauses", Math.round(seconds / (pauses - 1) * 100) / 100.0);
            gc.put("allocatedMiBPerSecond", Math.round(allocatedMb / seconds * 10) / 10.0);
        }
        return gc;
    }
}
