package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            long cpu = cpuMillis(Files.readString(proc.resolve("stat")));
            return new Sample(System.currentTimeMillis(), rss, threads, files, cpu);
        } catch (IOException | RuntimeException gone) {
            return new Sample(System.currentTimeMillis(), rss, threads, -1, -1);
        }
    }

    /** User + system time of a process's or a thread's {@code stat} line. */
    private static long cpuMillis(String stat) {
        // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
    }

    /** One thread's CPU so far: its kind (by name) and user + system milliseconds. */
    record ThreadCpu(String kind, long millis) {}

    /**
     * Every thread of the server with the CPU it has used so far, by thread id. Thread kinds go by
     * the names a HotSpot JVM running Payara or WildFly gives them, as /proc shows them (cut to 15
     * characters).
     */
    static Map<Long, ThreadCpu> threadCpu(long pid) {
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    cpu.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(threadKind(name), cpuMillis(stat)));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the reading
                }
            });
        } catch (IOException gone) {
            return Map.of();
        }
        return cpu;
    }

    /**
     * What each kind of thread used between two readings of {@link #threadCpu}, thread by thread: a
     * thread that ended in between (the JVM stops idle compiler threads) is left out, rather than
     * taking its whole life's CPU off its kind's figure.
     */
    static Map<String, Long> cpuByThreadKind(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> used = new TreeMap<>();
        after.forEach((tid, now) -> {
            ThreadCpu then = before.get(tid);
            used.merge(now.kind(), now.millis() - (then == null ? 0 : then.millis()), Long::sum);
        });
        return used;
    }

    /** Request threads, delivery threads, Redis client, I/O selectors, GC (with the VM thread), JIT, other. */
    static String threadKind(String name) {
        if (name.startsWith("http-thread-poo") || name.startsWith("default task-")) {
            return "requests";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZWorker")
                || name.startsWith("ZDirector") || name.startsWith("VM Thread")) {
            return "gc";
        }
        if (name.contains("CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("concurrent/") || name.startsWith("EE-ManagedThre") || name.startsWith("EE-ManagedExec")) {
            return "delivery";
        }
        if (name.startsWith("lettuce-") || name.startsWith("redis-")) {
            return "redis";
        }
        if (name.startsWith("http-listener") || name.startsWith("default I/O")) {
            return "io";
        }
        return "other";
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
