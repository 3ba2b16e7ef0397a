package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks the server's JVM through {@code jcmd}: a full GC, then the heap in use (live data). */
final class Jcmd {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    // G1 and the others: "used 123456K"; ZGC: "ZHeap used 820M, capacity ...".
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    private Jcmd() {}

    static String run(long pid, String... command) {
        String[] full = new String[command.length + 2];
        full[0] = "jcmd";
        full[1] = Long.toString(pid);
        System.arraycopy(command, 0, full, 2, command.length);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Bytes per class in the live heap ({@code GC.class_histogram} collects first). */
    static Map<String, Long> histogram(long pid) {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : run(pid, "GC.class_histogram").lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
            }
        }
        return bytes;
    }

    /** The classes that grew most between two histograms, as bytes per connection added. */
    static List<String> histogramGrowth(Map<String, Long> before, Map<String, Long> after, int connections, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(top)
                .map(e -> String.format("%8.0f B  %s", e.getValue() / (double) connections, e.getKey()))
                .toList();
    }

    /** Heap in use after a full collection, in KiB; -1 when jcmd is not available or not understood. */
    static long liveHeapKib(long pid) {
        run(pid, "GC.run");
        Matcher used = USED.matcher(run(pid, "GC.heap_info"));
        if (!used.find()) {
            return -1;
        }
        long amount = Long.parseLong(used.group(1));
        return switch (used.group(2)) {
            case "G" -> amount * 1024 * 1024;
            case "M" -> amount * 1024;
            default -> amount;
        };
    }
}
