package dev.herald.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.knowm.xchart.XYChart;

/**
 * Scenario d: 2,000 long-polls of distinct users parked on the server, then answered by publishes:
 * first all at once (four batches of 500), then parked again and answered by single publishes at
 * 1,000 a second. Latency is from the publish's intended send to the poll's complete answer.
 */
final class LongPollScenario implements Bench.Scenario {

    private final Recorder latency = new Recorder(3_600_000_000L, 3);
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger empty = new AtomicInteger();
    private final AtomicLong lastAnswerNanos = new AtomicLong();

    @Override
    public void run(BenchEnv env, Report report, Path out) throws Exception {
        int polls = env.option("connections", 2000);
        report.parameters.put("parkedPolls", polls);
        report.parameters.put("wait", "55 s");
        List<Poll> clients = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            clients.add(new Poll(env, i));
        }
        for (Poll poll : clients) {
            poll.connection.loop().execute(() -> poll.connection.connect(env.nextSource(), env.server, 0));
        }
        Publisher publisher = new Publisher(env, 4);
        publisher.connect();
        try (ProcSampler sampler = new ProcSampler(env.serverPid, 1000)) {
            // Round 1: answer all parked polls at once.
            int parked = awaitParked(env, polls);
            ProcSampler.Sample whileParked = sampler.sample();
            answered.set(0);
            latency.reset();
            long start = System.nanoTime();
            int batch = 500;
            publisher.fixedRate(1000, (polls + batch - 1) / batch, n -> batchPublish(env, (int) n * batch,
                    Math.min(batch, polls - (int) n * batch)), 10_000);
            awaitAnswered(polls, 30_000);
            double allAnsweredMs = (lastAnswerNanos.get() - start) / 1e6;
            Histogram burst = latency.getIntervalHistogram();
            report.results.put("burst", Map.of(
                    "parked", parked,
                    "answered", answered.get(),
                    "allAnsweredMs", CapacityScenario.round(allAnsweredMs),
                    "latency", Report.latency(burst),
                    "serverThreadsWhileParked", whileParked.threads(),
                    "serverRssKibWhileParked", whileParked.rssKib()));

            // Round 2: park again; single publishes at a steady rate.
            for (Poll poll : clients) {
                poll.connection.loop().execute(poll::ask);
            }
            int parkedAgain = awaitParked(env, polls);
            answered.set(0);
            latency.reset();
            publisher.fixedRate(1000, polls, n -> singlePublish(env, (int) n), 10_000);
            awaitAnswered(polls, 30_000);
            Histogram steady = latency.getIntervalHistogram();
            report.results.put("steady", Map.of(
                    "parked", parkedAgain,
                    "answered", answered.get(),
                    "publishesPerSecond", 1000,
                    "latency", Report.latency(steady)));
            report.results.put("errors", errors.get() + publisher.errors.get());
            report.results.put("emptyAnswers", empty.get());
            report.results.put("serverThreadsAfter", sampler.sample().threads());
            report.target("2,000 parked polls all answered (burst, ms until the last answer)", "all answered",
                    CapacityScenario.round(allAnsweredMs), burst.getTotalCount() >= polls);
            XYChart chart = Charts.xy("Long-poll (" + env.mode + "): " + polls + " parked polls answered",
                    "percentile", "publish to answer (ms)");
            percentiles(chart, "all at once (4 batches of 500)", burst);
            percentiles(chart, "1,000 single publishes/s", steady);
            Charts.save(chart, out, "longpoll", env.mode);
        } finally {
            for (Poll poll : clients) {
                poll.connection.loop().execute(poll.connection::close);
            }
        }
    }

    static void percentiles(XYChart chart, String name, Histogram histogram) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100}) {
            x.add(p);
            y.add(Report.millis(histogram.getValueAtPercentile(p)));
        }
        Charts.line(chart, name, x, y, 0);
    }

    private int awaitParked(BenchEnv env, int polls) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        int parked = 0;
        while (System.currentTimeMillis() < deadline) {
            parked = env.serverPolls();
            if (parked >= polls) {
                break;
            }
            Thread.sleep(200);
        }
        return parked;
    }

    private void awaitAnswered(int polls, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (answered.get() + errors.get() < polls && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
    }

    private static Publisher.Publish batchPublish(BenchEnv env, int from, int count) {
        return new Publisher.Publish(0, env.path("/notifications"), count, (seq, sentAt) -> {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < from + count; i++) {
                if (i > from) {
                    body.append(',');
                }
                body.append("{\"userId\":\"lp").append(i).append("\",")
                        .append(Requests.notification(seq, sentAt, "").substring(1));
            }
            return body.append(']').toString();
        });
    }

    private static Publisher.Publish singlePublish(BenchEnv env, int user) {
        return new Publisher.Publish(1 + user, env.path("/users/lp" + user + "/notifications"), 1,
                (seq, sentAt) -> Requests.notification(seq, sentAt, ""));
    }

    /** One long-poll client: asks, waits for the answer, and reads the sentAt of what it got. */
    private final class Poll implements HttpConnection.Listener {
        final HttpConnection connection;
        private final byte[] request;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;

        Poll(BenchEnv env, int user) {
            connection = new HttpConnection(env.nextLoop(), this);
            request = Requests.get(env, env.path("/users/lp" + user + "/updates?wait=55"),
                    env.tokens.subscriber("lp" + user), "application/json");
        }

        void ask() {
            body.reset();
            connection.send(request);
        }

        @Override
        public void connected(HttpConnection connection, long nowNanos) {
            ask();
        }

        @Override
        public void head(HttpConnection connection, int status, long nowNanos) {
            this.status = status;
        }

        @Override
        public void body(HttpConnection connection, ByteBuffer data, int length, long nowNanos) {
            byte[] bytes = new byte[length];
            data.get(bytes);
            data.position(data.position() - length);
            body.write(bytes, 0, length);
        }

        @Override
        public void complete(HttpConnection connection, long nowNanos) {
            String text = body.toString(StandardCharsets.UTF_8);
            long sentAt = Requests.number(text, "sentAt", 0);
            if (status != 200) {
                errors.incrementAndGet();
            } else if (sentAt < 0) {
                empty.incrementAndGet();
            } else {
                latency.recordValue(Math.max(0, Micros.of(nowNanos) - sentAt));
                answered.incrementAndGet();
                lastAnswerNanos.accumulateAndGet(nowNanos, Math::max);
            }
        }

        @Override
        public void closed(HttpConnection connection, IOException cause, long nowNanos) {
            errors.incrementAndGet();
        }
    }
}
