package dev.herald.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;

/**
 * Scenario f: 2,000 streams of distinct users; 1% of them (20) stop reading. Healthy users get
 * 500 publishes a second between them; each stalled user gets 25 a second of 1 KiB, so its
 * queue on the server overflows. The healthy streams' latency before and during the stall is
 * compared, and the server must drop the stalled ones with bounded memory.
 */
final class StalledReadersScenario implements Bench.Scenario {

    private static final int STALLED_RECEIVE_BUFFER = 4096;

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int users = env.option("connections", 2000);
        int stalledCount = Math.max(1, users / 100);
        int healthyRate = env.option("rate", 500);
        int stalledRate = env.option("stalled-rate", 25);
        int before = env.option("before-seconds", 20);
        // Long enough for a stalled reader's kernel buffers (autotuned up to megabytes) to fill and its
        // writes to block: with 60 s nothing is yet due to be dropped (bench/README.md, finding 5).
        int during = env.option("stall-seconds", 240);
        String padding = "x".repeat(1024);
        report.parameters.put("connections", users);
        report.parameters.put("stalled", stalledCount + " (they stop reading; their socket receive buffer is 4 KiB)");
        report.parameters.put("healthyPublishesPerSecond", healthyRate);
        report.parameters.put("publishesPerSecondToEachStalled", stalledRate + " of 1 KiB");
        report.parameters.put("secondsBefore", before);
        report.parameters.put("secondsStalled", during);
        SseFleet fleet = new SseFleet(env);
        // The stalled ones are opened with a small receive buffer (else the kernel's autotuning lets a stalled
        // reader absorb megabytes, and the server sees no back-pressure within the stall).
        fleet.open(0, stalledCount, i -> env.path("/users/st" + i + "/events"), i -> env.tokens.subscriber("st" + i),
                STALLED_RECEIVE_BUFFER, 200, 120_000);
        int open = fleet.open(stalledCount, users - stalledCount, i -> env.path("/users/st" + i + "/events"),
                i -> env.tokens.subscriber("st" + i), 0, 200, 120_000);
        // The stalled ones are the first stalledCount users; they are reading for now.
        int healthyUsers = users - stalledCount;
        double totalRate = healthyRate + (double) stalledRate * stalledCount;
        long perSecond = (long) totalRate;
        Publisher publisher = new Publisher(env, 8);
        publisher.connect();
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000);
                Phases phases = new Phases(fleet.latency, sampler)) {
            // Interleave: of every perSecond publishes, stalledRate * stalledCount go to the stalled users.
            java.util.function.LongFunction<Publisher.Publish> publishOf = n -> {
                long slot = n % perSecond;
                long round = n / perSecond;
                if (slot < (long) stalledRate * stalledCount) {
                    int user = (int) (slot % stalledCount);
                    return publish(env, user, padding);
                }
                long healthyIndex = round * healthyRate + (slot - (long) stalledRate * stalledCount);
                return publish(env, stalledCount + (int) (healthyIndex % healthyUsers), "");
            };
            publisher.fixedRate(totalRate, perSecond * 5, publishOf, 5000);
            phases.next("all reading");
            publisher.fixedRate(totalRate, perSecond * before, n -> publishOf.apply(n + perSecond * 5), 5000);
            Histogram healthyBefore = phases.next("1% stalled");
            int serverStreamsBefore = env.serverStreams();
            long droppedBefore = env.stats().path("events").path("dropped").asLong();
            fleet.onEachLoop(stream -> {
                if (stream.channelIndex < stalledCount) {
                    stream.stalled = true;
                    stream.connection.reading(false);
                }
            });
            publisher.fixedRate(totalRate, perSecond * during, n -> publishOf.apply(n + perSecond * (5 + before)), 10_000);
            report.results.put("drainMs", fleet.awaitQuiet(3000, 120_000));
            Histogram healthyDuring = phases.next("after");
            int serverStreamsAfter = env.serverStreams();
            long droppedAfter = env.stats().path("events").path("dropped").asLong();
            long[] gaps = fleet.gapsAndDuplicates(publisher::accepted);
            List<Map<String, Object>> rows = phases.rows();
            long rssBefore = rows.stream().filter(r -> r.get("phase").equals("all reading"))
                    .mapToLong(r -> (long) r.get("rssKib")).max().orElse(0);
            long rssDuring = rows.stream().filter(r -> r.get("phase").equals("1% stalled"))
                    .mapToLong(r -> (long) r.get("rssKib")).max().orElse(0);
            Map<String, Object> latencyBefore = Report.latency(healthyBefore);
            Map<String, Object> latencyDuring = Report.latency(healthyDuring);
            report.results.put("streamsOpen", open);
            report.results.put("healthyLatencyBefore", latencyBefore);
            report.results.put("healthyLatencyDuringStall", latencyDuring);
            report.results.put("serverStreamsBeforeStall", serverStreamsBefore);
            report.results.put("serverStreamsAfterStall", serverStreamsAfter);
            report.results.put("eventsDroppedByServer", droppedAfter - droppedBefore);
            report.results.put("serverRssMaxKibBefore", rssBefore);
            report.results.put("serverRssMaxKibDuringStall", rssDuring);
            report.results.put("healthyGaps", gaps[0]);
            report.results.put("healthyDuplicates", gaps[1]);
            report.results.put("healthyStreamsEnded", fleet.ended.get());
            report.results.put("publishErrors", publisher.errors.get());
            rows.forEach(report::row);
            double p99Before = (double) latencyBefore.get("p99Ms");
            double p99During = (double) latencyDuring.get("p99Ms");
            report.target("healthy p99 during the stall vs before (ms)", "within +50% or +2 ms",
                    p99Before + " -> " + p99During, p99During <= Math.max(p99Before * 1.5, p99Before + 2));
            int droppedStreams = serverStreamsBefore - serverStreamsAfter;
            report.target("stalled streams dropped by the server", stalledCount + " of " + stalledCount,
                    droppedStreams, droppedStreams >= stalledCount);
            report.target("server memory bounded during the stall (RSS growth, MiB)", "<= 256",
                    (rssDuring - rssBefore) / 1024, rssDuring - rssBefore <= 256 * 1024);
            report.target("healthy streams: no gap, no error", "0", gaps[0] + fleet.ended.get() + publisher.errors.get(),
                    gaps[0] == 0 && fleet.ended.get() == 0 && publisher.errors.get() == 0);
            XYChart chart = Charts.xy("1% stalled readers (" + env.mode + "): healthy streams' latency",
                    "seconds", "latency (ms)");
            List<Double> x = rows.stream().map(r -> (Double) r.get("second")).toList();
            for (String key : List.of("p50Ms", "p99Ms", "p999Ms")) {
                Charts.line(chart, key.replace("Ms", ""), x, rows.stream().map(r -> (Double) r.get(key)).toList(), 0);
            }
            Charts.line(chart, "server RSS MiB (right axis)", x,
                    rows.stream().map(r -> (long) r.get("rssKib") / 1024.0).toList(), 1);
            chart.setYAxisGroupTitle(1, "RSS (MiB)");
            Charts.save(chart, out, "stalled", env.mode);
        } finally {
            fleet.closeAll();
        }
    }

    private static Publisher.Publish publish(BenchEnv env, int user, String padding) {
        return new Publisher.Publish(user, env.path("/users/st" + user + "/notifications"), 1,
                (seq, sentAt) -> Requests.notification(seq, sentAt, padding));
    }
}
