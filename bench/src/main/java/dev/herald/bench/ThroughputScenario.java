package dev.herald.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.CategoryChart;

/**
 * Scenario e: publishes as fast as the server answers over keep-alive connections, to 1,000
 * users (no subscribers: the cost of accepting), first one notification per request, then
 * batches of 100.
 */
final class ThroughputScenario implements Bench.Scenario {

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int seconds = env.option("seconds", 20);
        int warmup = env.option("warmup-seconds", 5);
        int singleConnections = env.option("single-connections", 32);
        int batchConnections = env.option("batch-connections", 8);
        int batchSize = env.option("batch-size", 100);
        report.parameters.put("seconds", seconds);
        report.parameters.put("warmupSeconds", warmup);
        report.parameters.put("singleConnections", singleConnections);
        report.parameters.put("batchConnections", batchConnections);
        report.parameters.put("batchSize", batchSize);
        report.parameters.put("responseTime", "closed loop: from send to answer (not corrected: the load follows the server)");
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000)) {
            Map<String, Object> single = measure(env, sampler, singleConnections, seconds, warmup,
                    n -> new Publisher.Publish(0, env.path("/users/tp" + (n % 1000) + "/notifications"), 1,
                            (seq, sentAt) -> Requests.notification(seq, sentAt, "")));
            Map<String, Object> batch = measure(env, sampler, batchConnections, seconds, warmup,
                    n -> batch(env, n, batchSize));
            report.results.put("single", single);
            report.results.put("batch", batch);
            double singleRate = (double) single.get("publishesPerSecond");
            double batchRate = (double) batch.get("eventsPerSecond");
            report.target("single publishes per second", ">= 10000", singleRate, singleRate >= 10000);
            report.target("events per second in batches", ">= 50000", batchRate, batchRate >= 50000);
            CategoryChart chart = Charts.bars("Publish throughput (" + env.mode + ")", "events per second");
            chart.addSeries("measured", java.util.List.of("single", "batch of " + batchSize),
                    java.util.List.of(singleRate, batchRate));
            chart.addSeries("target", java.util.List.of("single", "batch of " + batchSize),
                    java.util.List.of(10000, 50000));
            Charts.save(chart, out, "throughput", env.mode);
        }
    }

    private static Publisher.Publish batch(BenchEnv env, long n, int size) {
        return new Publisher.Publish(0, env.path("/notifications"), size, (seq, sentAt) -> {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"userId\":\"tp").append((n * size + i) % 1000).append("\",")
                        .append(Requests.notification(seq, sentAt, "").substring(1));
            }
            return body.append(']').toString();
        });
    }

    private static Map<String, Object> measure(BenchEnv env, ProcSampler sampler, int connections, int seconds,
            int warmup, java.util.function.LongFunction<Publisher.Publish> publishOf) throws InterruptedException {
        Publisher publisher = new Publisher(env, connections);
        publisher.connect();
        publisher.asFastAsPossible(warmup * 1000L, publishOf);
        publisher.responseTime.reset();
        long acceptedBefore = publisher.accepted.get();
        long eventsBefore = publisher.acceptedEvents.get();
        long errorsBefore = publisher.errors.get();
        ProcSampler.Sample before = sampler.sample();
        long nanos = publisher.asFastAsPossible(seconds * 1000L, publishOf);
        ProcSampler.Sample after = sampler.sample();
        Histogram response = publisher.responseTime.getIntervalHistogram();
        double elapsed = nanos / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("connections", connections);
        result.put("requests", publisher.accepted.get() - acceptedBefore);
        result.put("publishesPerSecond", Math.round((publisher.accepted.get() - acceptedBefore) / elapsed * 10) / 10.0);
        result.put("eventsPerSecond", Math.round((publisher.acceptedEvents.get() - eventsBefore) / elapsed * 10) / 10.0);
        result.put("errors", publisher.errors.get() - errorsBefore);
        result.put("responseTime", Report.latency(response));
        result.put("serverCpuPercent", Math.round((after.cpuMillis() - before.cpuMillis()) / (elapsed * 10.0)));
        result.put("serverThreads", after.threads());
        System.out.println("throughput " + result);
        return result;
    }
}
