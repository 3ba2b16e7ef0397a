package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Samples the server process from /proc/&lt;pid&gt;: resident memory, threads, open files and CPU time. */
final class ProcSampler implements AutoCloseable {

    /** One reading; {@code cpuMillis} is user + system time since the process started. */
    record Sample(long atMillis, long rssKib, int threads, int openFiles, long cpuMillis) {}

    private static final long TICK_MILLIS = 10; // USER_HZ is 100 on Linux

    private final long pid;
    private final long startMillis = System.currentTimeMillis();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProcSampler(long pid, long periodMillis) {
        this.pid = pid;
        thread = new Thread(() -> {
            while (running) {
                Sample sample = sample();
                synchronized (samples) {
                    samples.add(sample);
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "proc-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    long startMillis() {
        return startMillis;
    }

    Sample sample() {
        return read(pid);
    }

    /** One reading of process {@code pid}, without a sampling thread. */
    static Sample read(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = 0;
        int threads = 0;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            int files;
            try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                files = (int) fds.count();
            }
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
            return new Sample(System.currentTimeMillis(), rss, threads, files, cpu);
        } catch (IOException | RuntimeException gone) {
            return new Sample(System.currentTimeMillis(), rss, threads, -1, -1);
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
