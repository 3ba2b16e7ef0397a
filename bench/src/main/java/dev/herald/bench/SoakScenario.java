package dev.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.knowm.xchart.XYChart;

/**
 * The soak of issue 7: 10,000 streams of distinct users, 10% of them closed and reopened every
 * minute with the last id they saw, 500 publishes a second for an hour. Every ten seconds the
 * server's RSS, threads and open files, every five minutes its live heap after a full GC; at the
 * end, every accepted sequence number must have reached its channel exactly once across all the
 * streams that channel had, and the server log must hold no warning or error.
 */
final class SoakScenario implements Bench.Scenario {

    private static final long ROW_MILLIS = 10_000;

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int users = env.option("connections", 10000);
        int rate = env.option("rate", 500);
        int minutes = env.option("minutes", 60);
        int churnPercent = env.option("churn-percent", 10);
        int heapEverySeconds = env.option("heap-every-seconds", 300);
        int churnPerMinute = users * churnPercent / 100;
        report.parameters.put("connections", users);
        report.parameters.put("publishesPerSecond", rate);
        report.parameters.put("minutes", minutes);
        report.parameters.put("churn", churnPercent + "% of the streams closed by the client and reopened with their last"
                + " id every minute (" + churnPerMinute + " a minute)");
        report.parameters.put("liveHeap", "after a full GC (jcmd GC.run), every " + heapEverySeconds + " s");

        // Start-up warnings (the temporary runtime directory, default certificates) are not the soak's.
        long logLinesAtStart = lineCount(env.options.get("server-log"));
        SseFleet fleet = new SseFleet(env);
        Channels channels = new Channels(users);
        fleet.listen(channels::delivered);
        SseStream[] current = new SseStream[users];
        int open = fleet.open(0, users, i -> env.path("/users/" + user(i) + "/events"), i -> env.tokens.subscriber(user(i)), 0,
                200, 180_000);
        remember(fleet, current, users, 0, users);
        report.results.put("connectionsOpenAtStart", open);

        Publisher publisher = new Publisher(env, env.option("publisher-connections", 8));
        publisher.connect();
        long seconds = minutes * 60L;
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> heap = new ArrayList<>();
        long start = System.currentTimeMillis();
        int churned = 0;
        int reopenedShort = 0;
        try (ProcSampler sampler = new ProcSampler(env.serverPid, ROW_MILLIS)) {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    publisher.fixedRate(rate, rate * seconds, n -> publish(env, (int) (n % users)), 60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            heap.add(heapRow(env, start));
            long nextRow = start + ROW_MILLIS;
            long nextChurn = start + 60_000;
            long nextHeap = start + heapEverySeconds * 1000L;
            int generation = 1;
            while (!publishing.isDone()) {
                long now = System.currentTimeMillis();
                if (now >= nextRow) {
                    rows.add(row(start, sampler.sample(), fleet, channels, publisher));
                    nextRow += ROW_MILLIS;
                }
                if (now >= nextHeap) {
                    heap.add(heapRow(env, start));
                    nextHeap += heapEverySeconds * 1000L;
                }
                if (now >= nextChurn && now < start + seconds * 1000) {
                    int from = (generation - 1) * churnPerMinute % users;
                    reopenedShort += churn(env, fleet, channels, current, users, generation, from, churnPerMinute);
                    churned += churnPerMinute;
                    generation++;
                    nextChurn += 60_000;
                }
                Thread.sleep(200);
            }
            long quietSince = fleet.awaitQuiet(5_000, 120_000);
            rows.add(row(start, sampler.sample(), fleet, channels, publisher));
            heap.add(heapRow(env, start));

            long[] gapsAndDuplicates = channels.gapsAndDuplicates(publisher::accepted);
            long errors = publisher.errors.get() + fleet.failed.get() + fleet.ended.get() + fleet.unexpected.get();
            List<String> logProblems = logProblems(env.options.get("server-log"), logLinesAtStart);
            report.results.put("published", publisher.accepted.get());
            report.results.put("publishErrors", publisher.errors.get());
            report.results.put("streamsChurned", churned);
            report.results.put("reopenedStreamsNotEstablished", reopenedShort);
            report.results.put("handshakeFailures", fleet.failed.get());
            report.results.put("streamsEndedByServer", fleet.ended.get());
            report.results.put("endReasons", fleet.reasons());
            report.results.put("deliveries", fleet.deliveries.get());
            report.results.put("deliveriesQuietAfterMs", quietSince);
            report.results.put("gaps", gapsAndDuplicates[0]);
            report.results.put("duplicates", gapsAndDuplicates[1]);
            report.results.put("latencyWholeRun", Report.latency(channels.latency));
            report.results.put("liveHeap", heap);
            report.results.put("serverLogWarningsAndErrors", logProblems.size());
            report.results.put("serverLogSample", logProblems.stream().limit(20).toList());
            rows.forEach(report::row);

            // Flat: the last ten minutes against the ten after the first (warm-up, JIT, heap sizing).
            double heapGrowth = growth(heap.subList(Math.min(1, heap.size() - 1), heap.size()), r -> (long) r.get("liveHeapKib"));
            double rssGrowth = windowGrowth(rows, r -> (long) r.get("rssKib"));
            double fdGrowth = windowGrowth(rows, r -> (int) r.get("openFiles"));
            // Pools grow and idle down by themselves; flat means no trend: the late peak no higher than the early one.
            double end = (double) rows.get(rows.size() - 1).get("second");
            int threadsEarly = rows.stream().filter(r -> between(r, 60, 600)).mapToInt(r -> (int) r.get("threads")).max().orElse(0);
            int threadsLate = rows.stream().filter(r -> between(r, end - 600, end)).mapToInt(r -> (int) r.get("threads")).max()
                    .orElse(0);
            // A reading jcmd could not give (-1) leaves the target unmeasured, which is not met.
            boolean heapMeasured = heap.stream().allMatch(r -> (long) r.get("liveHeapKib") >= 0);
            report.target("live heap after GC: last vs second reading", "growth <= 10%",
                    heapMeasured ? percent(heapGrowth) : "not measured", heapMeasured && heapGrowth <= 0.10);
            report.target("RSS: mean of the last 10 min vs minutes 1-10", "growth <= 10%", percent(rssGrowth), rssGrowth <= 0.10);
            report.target("open files: last 10 min vs minutes 1-10", "growth <= 2%", percent(fdGrowth), fdGrowth <= 0.02);
            report.target("server threads: peak of the last 10 min vs minutes 1-10", "at most 8 more",
                    threadsEarly + " -> " + threadsLate, threadsLate - threadsEarly <= 8);
            report.target("accepted events not delivered (gaps)", "0", gapsAndDuplicates[0], gapsAndDuplicates[0] == 0);
            report.target("events delivered twice to a channel", "0", gapsAndDuplicates[1], gapsAndDuplicates[1] == 0);
            report.target("errors (publish, handshake, server-ended streams)", "0", errors, errors == 0);
            report.target("server log lines at WARNING or above", "0", logProblems.size(), logProblems.isEmpty());
            chart(env, rows, heap, out, users, rate, minutes);
        } finally {
            fleet.closeAll();
        }
    }

    private static String user(int channel) {
        return "sk" + channel;
    }

    /** A reopened stream's path: from the last id its channel saw. */
    private static String path(BenchEnv env, Channels channels, int channel) {
        String last = channels.lastId(channel);
        // 0-0 is "before the first event": a stream reopened before it saw any still gets all retained.
        return env.path("/users/" + user(channel) + "/events?lastEventId=" + (last == null ? "0-0" : last));
    }

    static Publisher.Publish publish(BenchEnv env, int channel) {
        return new Publisher.Publish(channel, env.path("/users/" + user(channel) + "/notifications"), 1,
                (seq, sentAt) -> Requests.notification(seq, sentAt, ""));
    }

    /**
     * Closes the streams of channels {@code from .. from+count-1} (as a browser tab that goes away) and
     * opens them again with the last id each saw. Returns how many of the new streams did not open.
     */
    private static int churn(BenchEnv env, SseFleet fleet, Channels channels, SseStream[] current, int users,
            int generation, int from, int count) throws InterruptedException {
        // Closed (on their loops) before the new ones are asked for: each resumes from the last id its
        // channel saw, and no event can reach the old stream after that id was read.
        CountDownLatch closed = new CountDownLatch(count);
        for (int k = 0; k < count; k++) {
            SseStream stream = current[(from + k) % users];
            stream.connection.loop().execute(() -> {
                stream.closed = true;
                stream.connection.close();
                closed.countDown();
            });
        }
        closed.await();
        int firstIndex = generation * users + from;
        int before = fleet.established.get();
        fleet.open(firstIndex, count, i -> path(env, channels, i % users), i -> env.tokens.subscriber(user(i % users)), 0, 200,
                50_000);
        remember(fleet, current, users, firstIndex, count);
        return count - (fleet.established.get() - before);
    }

    private static void remember(SseFleet fleet, SseStream[] current, int users, int firstIndex, int count) {
        synchronized (fleet.streams) {
            for (SseStream stream : fleet.streams) {
                if (stream.channelIndex >= firstIndex && stream.channelIndex < firstIndex + count) {
                    current[stream.channelIndex % users] = stream;
                }
            }
        }
    }

    private static Map<String, Object> row(long start, ProcSampler.Sample sample, SseFleet fleet, Channels channels,
            Publisher publisher) {
        Histogram interval = channels.interval(fleet.latency);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("second", (System.currentTimeMillis() - start) / 1000.0);
        row.put("rssKib", sample.rssKib());
        row.put("threads", sample.threads());
        row.put("openFiles", sample.openFiles());
        row.put("cpuMillis", sample.cpuMillis());
        row.put("published", publisher.accepted.get());
        row.put("deliveries", fleet.deliveries.get());
        row.put("p50Ms", Report.millis(interval.getValueAtPercentile(50)));
        row.put("p99Ms", Report.millis(interval.getValueAtPercentile(99)));
        row.put("maxMs", Report.millis(interval.getMaxValue()));
        return row;
    }

    private static Map<String, Object> heapRow(BenchEnv env, long start) {
        Map<String, Object> row = new LinkedHashMap<>();
        long kib = Jcmd.liveHeapKib(env.serverPid);
        row.put("second", (System.currentTimeMillis() - start) / 1000.0);
        row.put("liveHeapKib", kib);
        return row;
    }

    private static double growth(List<Map<String, Object>> rows, ToDoubleFunction<Map<String, Object>> value) {
        if (rows.size() < 2) {
            return 0;
        }
        double first = value.applyAsDouble(rows.get(0));
        return (value.applyAsDouble(rows.get(rows.size() - 1)) - first) / first;
    }

    /** Growth of the mean over the last ten minutes against the mean of minutes 1 to 10. */
    private static double windowGrowth(List<Map<String, Object>> rows, ToDoubleFunction<Map<String, Object>> value) {
        double end = (double) rows.get(rows.size() - 1).get("second");
        double early = rows.stream().filter(r -> between(r, 60, 600)).mapToDouble(value).average().orElse(Double.NaN);
        double late = rows.stream().filter(r -> between(r, end - 600, end)).mapToDouble(value).average().orElse(Double.NaN);
        return (late - early) / early;
    }

    private static boolean between(Map<String, Object> row, double from, double to) {
        double second = (double) row.get("second");
        return second >= from && second <= to;
    }

    private static String percent(double fraction) {
        return String.format("%+.1f%%", fraction * 100);
    }

    private static long lineCount(String serverLog) throws Exception {
        if (serverLog == null || !Files.exists(Path.of(serverLog))) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(Path.of(serverLog))) {
            return lines.count();
        }
    }

    /** The server log's lines at WARNING or SEVERE after the first {@code skip} (Payara names the level in brackets). */
    private static List<String> logProblems(String serverLog, long skip) throws Exception {
        if (serverLog == null || !Files.exists(Path.of(serverLog))) {
            return List.of("server log not given or missing: " + serverLog);
        }
        try (Stream<String> lines = Files.lines(Path.of(serverLog))) {
            return lines.skip(skip).filter(line -> line.contains("WARNING]") || line.contains("SEVERE]"))
                    .map(line -> line.length() > 300 ? line.substring(0, 300) : line)
                    .toList();
        }
    }

    private static void chart(BenchEnv env, List<Map<String, Object>> rows, List<Map<String, Object>> heap, Path out,
            int users, int rate, int minutes) throws Exception {
        XYChart chart = Charts.xy("soak (" + env.mode + "): " + users + " streams, 10%/min churn, " + rate + " publishes/s, "
                + minutes + " min", "minutes", "MiB");
        List<Double> x = rows.stream().map(r -> (Double) r.get("second") / 60).toList();
        Charts.line(chart, "RSS (MiB)", x, rows.stream().map(r -> (Long) r.get("rssKib") / 1024.0).toList(), 0);
        Charts.line(chart, "live heap after GC (MiB)", heap.stream().map(r -> (Double) r.get("second") / 60).toList(),
                heap.stream().map(r -> (Long) r.get("liveHeapKib") / 1024.0).toList(), 0);
        Charts.line(chart, "threads", x, rows.stream().map(r -> (Integer) r.get("threads")).toList(), 1);
        Charts.line(chart, "open files / 100", x, rows.stream().map(r -> (Integer) r.get("openFiles") / 100.0).toList(), 1);
        chart.setYAxisGroupTitle(1, "threads, open files / 100");
        Charts.save(chart, out, "soak", env.mode);
    }

    /** What every channel received, over all the streams it had. */
    private static final class Channels {

        private final BitSet[] received;
        private final String[] lastIds;
        private final AtomicLong duplicates = new AtomicLong();
        final Histogram latency = new Histogram(3_600_000_000L, 3);

        Channels(int users) {
            received = new BitSet[users];
            lastIds = new String[users];
            for (int i = 0; i < users; i++) {
                received[i] = new BitSet();
            }
        }

        void delivered(SseStream stream, long seq, long latencyMicros) {
            int channel = stream.channelIndex % received.length;
            synchronized (received[channel]) {
                if (received[channel].get((int) seq)) {
                    duplicates.incrementAndGet();
                } else {
                    received[channel].set((int) seq);
                }
                lastIds[channel] = stream.lastEventId;
            }
        }

        String lastId(int channel) {
            synchronized (received[channel]) {
                return lastIds[channel];
            }
        }

        /** The fleet's latencies since the last call, added to the whole run's. */
        synchronized Histogram interval(Recorder recorder) {
            Histogram interval = recorder.getIntervalHistogram();
            latency.add(interval);
            return interval;
        }

        long[] gapsAndDuplicates(IntFunction<BitSet> accepted) {
            long gaps = 0;
            for (int channel = 0; channel < received.length; channel++) {
                BitSet missing = (BitSet) accepted.apply(channel).clone();
                synchronized (received[channel]) {
                    missing.andNot(received[channel]);
                }
                gaps += missing.cardinality();
            }
            return new long[] {gaps, duplicates.get()};
        }
    }
}
