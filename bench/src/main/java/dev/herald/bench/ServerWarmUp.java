package dev.herald.bench;

/**
 * Brings a fresh server to its steady state before a scenario measures it: the JIT compiler
 * needs tens of seconds of traffic before Payara's request path runs compiled (measured in
 * memory mode: single publishes at 2,500/s after 5 s of traffic, 7,400/s after 30 s, while the
 * compiler threads took a third of the CPU). Closed-loop publishes, single and in batches, to a
 * few hundred streams of their own, so no backlog is left for the scenario to inherit.
 */
final class ServerWarmUp {

    /** Streams of its own, unless {@code --server-warmup-streams} says otherwise (finding 33). */
    private static final int STREAMS = 200;

    private ServerWarmUp() {}

    static int streams(BenchEnv env) {
        return env.option("server-warmup-streams", STREAMS);
    }

    static void run(BenchEnv env, int seconds) throws InterruptedException {
        if (seconds <= 0) {
            return;
        }
        int streams = streams(env);
        SseFleet fleet = new SseFleet(env);
        fleet.open(0, streams, i -> env.path("/users/wu" + i + "/events"), i -> env.tokens.subscriber("wu" + i),
                0, 100, 60_000);
        Publisher publisher = new Publisher(env, 16);
        publisher.connect();
        long half = seconds * 1000L / 2;
        publisher.asFastAsPossible(half, n -> new Publisher.Publish(0,
                env.path("/users/wu" + (n % streams) + "/notifications"), 1,
                (seq, sentAt) -> Requests.notification(seq, sentAt, "")));
        publisher.asFastAsPossible(half, n -> new Publisher.Publish(0, env.path("/notifications"), 10, (seq, sentAt) -> {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                body.append(i == 0 ? "" : ",").append("{\"userId\":\"wu").append((n * 10 + i) % streams).append("\",")
                        .append(Requests.notification(seq, sentAt, "").substring(1));
            }
            return body.append(']').toString();
        }));
        fleet.awaitQuiet(1000, 30_000);
        fleet.closeAll();
        publisher.close();
        // The server notices the closed streams at its next heartbeat: a scenario that counts streams starts from none.
        long deadline = System.currentTimeMillis() + 60_000;
        while (env.serverStreams() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }
}
