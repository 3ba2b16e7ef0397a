package dev.herald.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;

/**
 * Scenario b: 10,000 streams of distinct users; 1,000 publishes a second for 60 s, each to the
 * next user in turn (so one user's events are never in flight together); publish-to-receive
 * latency of every delivery, errors, and gaps against the sequence numbers the server accepted.
 */
final class SteadyLoadScenario implements Bench.Scenario {

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int users = env.option("connections", 10000);
        int rate = env.option("rate", 1000);
        int seconds = env.option("seconds", 60);
        int warmup = env.option("warmup-seconds", 10);
        report.parameters.put("connections", users);
        report.parameters.put("publishesPerSecond", rate);
        report.parameters.put("seconds", seconds);
        report.parameters.put("warmupSeconds", warmup + " (same load, not in the figures)");
        report.parameters.put("latency", "publish-to-receive, from the moment the fixed-rate schedule meant to send"
                + " (corrected for coordinated omission)");
        SseFleet fleet = new SseFleet(env);
        // What opening the streams costs the server (finding 34): the half-minute after it is where b's tail is made.
        ProcSampler.Sample before = ProcSampler.read(env.serverPid);
        Map<Long, ProcSampler.ThreadCpu> threadsBefore = ProcSampler.threadCpu(env.serverPid);
        int open = fleet.open(0, users, i -> env.path("/users/ld" + i + "/events"), i -> env.tokens.subscriber("ld" + i),
                0, 200, 180_000);
        ProcSampler.Sample after = ProcSampler.read(env.serverPid);
        Map<Long, ProcSampler.ThreadCpu> threadsAfter = ProcSampler.threadCpu(env.serverPid);
        long cpuMillis = after.cpuMillis() - before.cpuMillis();
        report.results.put("ramp", Map.of("startedAt", Instant.ofEpochMilli(before.atMillis()).toString(),
                "seconds", (after.atMillis() - before.atMillis()) / 1000.0,
                "serverCpuMs", cpuMillis,
                "serverCpuMsPerStream", Math.round(cpuMillis * 1000.0 / Math.max(1, open)) / 1000.0,
                "serverCpuMsByThreads", ProcSampler.cpuByThreadKind(threadsBefore, threadsAfter)));
        Publisher publisher = new Publisher(env, env.option("publisher-connections", 8));
        publisher.connect();
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000);
                Phases phases = new Phases(fleet.latency, sampler)) {
            publisher.fixedRate(rate, (long) rate * warmup, n -> publish(env, (int) (n % users)), 5000);
            Thread.sleep(1000);
            phases.next("measured");
            long measuredFrom = System.currentTimeMillis();
            Map<Long, ProcSampler.ThreadCpu> threadsAtMeasuring = ProcSampler.threadCpu(env.serverPid);
            report.results.put("warmUpCpuMsByThreads", ProcSampler.cpuByThreadKind(threadsAfter, threadsAtMeasuring));
            long errorsBefore = publisher.errors.get();
            long acceptedBefore = publisher.accepted.get();
            long endedBefore = fleet.ended.get();
            publisher.fixedRate(rate, (long) rate * seconds,
                    n -> publish(env, (int) ((n + (long) rate * warmup) % users)), 10_000);
            long measuredTo = System.currentTimeMillis();
            report.results.put("measuredCpuMsByThreads",
                    ProcSampler.cpuByThreadKind(threadsAtMeasuring, ProcSampler.threadCpu(env.serverPid)));
            report.results.put("drainMs", fleet.awaitQuiet(3000, 120_000));
            Histogram measured = phases.next("after");
            long[] gaps = fleet.gapsAndDuplicates(publisher::accepted);
            long errors = publisher.errors.get() - errorsBefore + fleet.failed.get() + fleet.ended.get() - endedBefore;
            Map<String, Object> latency = Report.latency(measured);
            report.results.put("connectionsOpen", open);
            report.results.put("published", publisher.accepted.get() - acceptedBefore);
            report.results.put("latency", latency);
            report.results.put("publishResponse", Report.latency(publisher.responseTime.getIntervalHistogram()));
            report.results.put("errors", errors);
            report.results.put("publishErrors", publisher.errors.get());
            report.results.put("streamsEnded", fleet.ended.get());
            report.results.put("endReasons", fleet.reasons());
            report.results.put("gaps", gaps[0]);
            report.results.put("duplicates", gaps[1]);
            env.gcLog().ifPresent(log -> report.results.put("gc", GcWindow.between(log, measuredFrom, measuredTo)));
            phases.rows().forEach(report::row);
            double p50 = (double) latency.get("p50Ms");
            double p99 = (double) latency.get("p99Ms");
            double p999 = (double) latency.get("p999Ms");
            report.target("p50 (ms)", "<= 2", p50, p50 <= 2);
            report.target("p99 (ms)", "<= 10", p99, p99 <= 10);
            report.target("p99.9 (ms)", "<= 25", p999, p999 <= 25);
            report.target("errors", "0", errors, errors == 0);
            report.target("gaps", "0", gaps[0], gaps[0] == 0 && gaps[1] == 0);
            chart(env, phases.rows(), out, "steady", "10,000 streams, " + rate + " publishes/s");
        } finally {
            fleet.closeAll();
        }
    }

    static Publisher.Publish publish(BenchEnv env, int user) {
        return new Publisher.Publish(user, env.path("/users/ld" + user + "/notifications"), 1,
                (seq, sentAt) -> Requests.notification(seq, sentAt, ""));
    }

    static void chart(BenchEnv env, List<Map<String, Object>> rows, Path out, String scenario, String title)
            throws Exception {
        XYChart chart = Charts.xy(title + " (" + env.mode + "): latency per second", "seconds", "latency (ms)");
        List<Double> x = rows.stream().map(r -> (Double) r.get("second")).toList();
        for (String key : List.of("p50Ms", "p99Ms", "p999Ms")) {
            Charts.line(chart, key.replace("Ms", ""), x, rows.stream().map(r -> (Double) r.get(key)).toList(), 0);
        }
        Charts.save(chart, out, scenario, env.mode);
    }
}
