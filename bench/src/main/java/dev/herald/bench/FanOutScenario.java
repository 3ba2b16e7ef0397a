package dev.herald.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;

/**
 * Scenario c: 10,000 subscribers of one topic, one publish a second; for each event, the time
 * from its intended send until the last subscriber had it.
 */
final class FanOutScenario implements Bench.Scenario {

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int subscribers = env.option("connections", 10000);
        int events = env.option("events", 30);
        int warmup = env.option("warmup-events", 5);
        report.parameters.put("subscribers", subscribers);
        report.parameters.put("events", events + " (one a second), after " + warmup + " warm-up events");
        SseFleet fleet = new SseFleet(env);
        int total = warmup + events;
        AtomicIntegerArray count = new AtomicIntegerArray(total);
        AtomicLongArray slowest = new AtomicLongArray(total);
        fleet.listen((stream, seq, latency) -> {
            if (seq < total) {
                count.incrementAndGet((int) seq);
                slowest.accumulateAndGet((int) seq, latency, Math::max);
            }
        });
        int open = fleet.open(0, subscribers, i -> env.path("/topics/fanout/events"),
                i -> env.tokens.subscriber("fo" + i), 0, 200, 180_000);
        Publisher publisher = new Publisher(env, 1);
        publisher.connect();
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000);
                Phases phases = new Phases(fleet.latency, sampler)) {
            Publisher.Publish publish = new Publisher.Publish(0, env.path("/topics/fanout/notifications"), 1,
                    (seq, sentAt) -> Requests.notification(seq, sentAt, ""));
            publisher.fixedRate(1, warmup, n -> publish, 5000);
            phases.next("measured");
            publisher.fixedRate(1, events, n -> publish, 10_000);
            Thread.sleep(3000);
            Histogram all = phases.next("after");
            Histogram lastArrivals = new Histogram(3_600_000_000L, 3);
            List<Map<String, Object>> perEvent = new ArrayList<>();
            int incomplete = 0;
            for (int seq = warmup; seq < total; seq++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("event", seq - warmup);
                row.put("received", count.get(seq));
                row.put("lastSubscriberMs", Report.millis(slowest.get(seq)));
                perEvent.add(row);
                report.row(row);
                if (count.get(seq) < open) {
                    incomplete++;
                } else {
                    lastArrivals.recordValue(slowest.get(seq));
                }
            }
            long[] gaps = fleet.gapsAndDuplicates(publisher::accepted);
            double worst = Report.millis(lastArrivals.getMaxValue());
            report.results.put("subscribersOpen", open);
            report.results.put("deliveryLatency", Report.latency(all));
            report.results.put("timeToLastSubscriber", Report.latency(lastArrivals));
            report.results.put("eventsNotReachingEveryone", incomplete);
            report.results.put("gaps", gaps[0]);
            report.results.put("duplicates", gaps[1]);
            report.results.put("errors", publisher.errors.get() + fleet.failed.get() + fleet.ended.get());
            report.results.put("serverSamples", phases.rows());
            report.target("last of " + open + " subscribers has the event (worst event, ms)", "<= 200", worst,
                    worst <= 200 && incomplete == 0 && open >= subscribers);
            XYChart chart = Charts.xy("Fan-out (" + env.mode + "): " + open + " subscribers of one topic",
                    "event", "time until the last subscriber has it (ms)");
            Charts.line(chart, "last subscriber", perEvent.stream().map(r -> (Integer) r.get("event")).toList(),
                    perEvent.stream().map(r -> (Double) r.get("lastSubscriberMs")).toList(), 0);
            Charts.save(chart, out, "fanout", env.mode);
        } finally {
            fleet.closeAll();
        }
    }
}
