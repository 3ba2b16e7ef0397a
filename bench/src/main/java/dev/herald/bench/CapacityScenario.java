package dev.herald.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Scenario a: idle streams of distinct users, opened in steps up to 19,000; at each step the
 * server's RSS, threads and open files. Memory per connection is the RSS growth from the first
 * step to the last, divided by the connections added.
 */
final class CapacityScenario implements Bench.Scenario {

    private static final int[] STEPS = {100, 1000, 2500, 5000, 7500, 10000, 12500, 15000, 17500, 19000};

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int total = env.option("connections", 19000);
        int settleMillis = env.option("settle-ms", 3000);
        report.parameters.put("connections", total);
        report.parameters.put("channels", "one user channel per connection");
        SseFleet fleet = new SseFleet(env);
        // Attach once before the first step, so that the attach listener thread is in every step's count.
        long heapBefore = Jcmd.liveHeapKib(env.serverPid);
        List<Integer> steps = new ArrayList<>();
        for (int step : STEPS) {
            if (step < total) {
                steps.add(step);
            }
        }
        steps.add(total);
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000)) {
            ProcSampler.Sample idle = sampler.sample();
            List<Map<String, Object>> rows = new ArrayList<>();
            int opened = 0;
            long rampStart = System.currentTimeMillis();
            long firstHeap = -1;
            Map<String, Long> firstHistogram = Map.of();
            for (int step : steps) {
                fleet.open(opened, step - opened, i -> env.path("/users/cap" + i + "/events"),
                        i -> env.tokens.subscriber("cap" + i), 0, 200, 180_000);
                opened = step;
                Thread.sleep(settleMillis);
                ProcSampler.Sample sample = sampler.sample();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("connections", fleet.established.get());
                row.put("serverStreams", env.serverStreams());
                row.put("rssKib", sample.rssKib());
                row.put("threads", sample.threads());
                row.put("openFiles", sample.openFiles());
                row.put("cpuMillis", sample.cpuMillis());
                if (step == steps.get(0)) {
                    firstHeap = Jcmd.liveHeapKib(env.serverPid);
                    firstHistogram = Jcmd.histogram(env.serverPid);
                    row.put("liveHeapKib", firstHeap);
                }
                rows.add(row);
                report.row(row);
                System.out.println("capacity " + row);
                if (fleet.established.get() < step) {
                    break;
                }
            }
            long rampMillis = System.currentTimeMillis() - rampStart;
            long lastHeap = Jcmd.liveHeapKib(env.serverPid);
            // What the live heap is made of with every connection open: the analysis in bench/README.md.
            report.results.put("heapPerConnectionByClass",
                    Jcmd.histogramGrowth(firstHistogram, Jcmd.histogram(env.serverPid), added(rows), 30));
            rows.get(rows.size() - 1).put("liveHeapKib", lastHeap);
            ProcSampler.Sample afterGc = sampler.sample();

            Map<String, Object> first = rows.get(0);
            Map<String, Object> last = rows.get(rows.size() - 1);
            int held = (int) last.get("connections");
            int added = held - (int) first.get("connections");
            double rssPerConnection = ((long) last.get("rssKib") - (long) first.get("rssKib")) / (double) added;
            double heapPerConnection = (lastHeap - firstHeap) / (double) added;
            int minThreads = rows.stream().mapToInt(r -> (int) r.get("threads")).min().orElse(0);
            int maxThreads = rows.stream().mapToInt(r -> (int) r.get("threads")).max().orElse(0);
            report.results.put("held", held);
            report.results.put("failed", fleet.failed.get());
            report.results.put("endedByServer", fleet.ended.get());
            report.results.put("failureReasons", fleet.reasons());
            report.results.put("rampSeconds", rampMillis / 1000.0);
            report.results.put("idleServer", Map.of("rssKib", idle.rssKib(), "threads", idle.threads(),
                    "openFiles", idle.openFiles(), "liveHeapKib", heapBefore));
            report.results.put("rssGrowthKibPerConnection", round(rssPerConnection));
            report.results.put("liveHeapKibPerConnection", firstHeap < 0 || lastHeap < 0 ? "not measured" : round(heapPerConnection));
            report.results.put("rssAfterFullGcKib", afterGc.rssKib());
            report.results.put("threadsMin", minThreads);
            report.results.put("threadsMax", maxThreads);
            report.target("connections held on one node", ">= 19000", held, held >= 19000);
            report.target("RSS growth per connection (KiB)", "<= 12", round(rssPerConnection), rssPerConnection <= 12);
            int firstThreads = (int) first.get("threads");
            report.target("server threads flat from " + first.get("connections") + " to " + held + " connections",
                    "growth <= 5 threads", firstThreads + " -> " + last.get("threads") + " (max " + maxThreads + ")",
                    maxThreads - firstThreads <= 5);

            XYChart chart = Charts.xy("Capacity (" + env.mode + "): idle SSE connections on one node",
                    "connections", "server RSS (MiB)");
            List<Integer> x = rows.stream().map(r -> (Integer) r.get("connections")).toList();
            Charts.line(chart, "RSS MiB", x, rows.stream().map(r -> (long) r.get("rssKib") / 1024.0).toList(), 0);
            Charts.line(chart, "threads (right axis)", x, rows.stream().map(r -> (Integer) r.get("threads")).toList(), 1);
            chart.setYAxisGroupTitle(1, "threads");
            Charts.save(chart, out, "capacity", env.mode);
        } finally {
            fleet.closeAll();
        }
    }

    private static int added(List<Map<String, Object>> rows) {
        return (int) rows.get(rows.size() - 1).get("connections") - (int) rows.get(0).get("connections");
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
