package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks the server's JVM through {@code jcmd}: a full GC, then the heap in use (live data). */
final class Jcmd {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

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

    /** Heap in use after a full collection, in KiB; -1 when jcmd is not available. */
    static long liveHeapKib(long pid) {
        run(pid, "GC.run");
        Matcher used = USED.matcher(run(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }
}
