package dev.herald.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * Publishes over a few keep-alive connections on one loop, either at a fixed rate or as fast as
 * the server answers. At a fixed rate each notification's {@code sentAt} is the moment the
 * schedule meant to send it, not when a connection was free: a server that falls behind shows in
 * the latencies instead of slowing the publisher (no coordinated omission).
 */
final class Publisher {

    /** One publish: where, and the body for the sequence number and intended time it is given. */
    record Publish(int channelIndex, String path, int events, Body body) {}

    /** Builds a request body from (seq, sentAt micros). */
    interface Body {
        String json(long seq, long sentAtMicros);
    }

    private final BenchEnv env;
    private final NioLoop loop;
    // One publisher identity per connection, used in turn: the server's per-publisher limit
    // (herald.limits.publish-per-second) is a policy, and must not cap a capacity measurement.
    private final String[] tokens;
    private long requests;
    private final int connectionCount;
    private final List<Connection> idle = new ArrayList<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    final Recorder responseTime = new Recorder(3_600_000_000L, 3);
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong acceptedEvents = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong issued = new AtomicLong();
    private final List<BitSet> acceptedSeqs = new ArrayList<>();
    private final List<long[]> nextSeq = new ArrayList<>();
    private int inFlight;
    private CountDownLatch drained;
    // Set on the loop once the schedule (or the closed loop's time) is over: only then may idleness end a run.
    private boolean scheduleOver;
    private volatile boolean closedLoop;
    private boolean closing;

    private record Pending(Publish publish, byte[] request, long seq, long intendedNanos) {}

    Publisher(BenchEnv env, int connections) {
        this.env = env;
        this.loop = env.publisherLoop;
        this.tokens = java.util.stream.IntStream.range(0, connections).mapToObj(env.tokens::publisher).toArray(String[]::new);
        this.connectionCount = connections;
    }

    /** The sequence numbers of channel {@code index} that the server accepted (202). */
    synchronized BitSet accepted(int index) {
        return index < acceptedSeqs.size() ? acceptedSeqs.get(index) : new BitSet();
    }

    /** Opens the connections; returns once all are connected. */
    void connect() throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(connectionCount);
        for (int i = 0; i < connectionCount; i++) {
            Connection connection = new Connection(connected);
            loop.execute(() -> connection.http.connect(env.nextSource(), env.server, 0));
        }
        if (!connected.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("publisher connections did not connect");
        }
    }

    /**
     * Sends {@code count} publishes at {@code perSecond}, the i-th being {@code publishOf(i)}, and waits
     * for their answers (at most {@code drainMillis} after the last was due).
     */
    void fixedRate(double perSecond, long count, LongFunction<Publish> publishOf, long drainMillis)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime() + 1_000_000;
        loop.execute(() -> {
            drained = done;
            scheduleOver = false;
            tick(start, perSecond, count, publishOf, 0);
        });
        long durationMillis = (long) (count / perSecond * 1000);
        done.await(durationMillis + drainMillis, TimeUnit.MILLISECONDS);
    }

    private void tick(long start, double perSecond, long count, LongFunction<Publish> publishOf, long sent) {
        long now = System.nanoTime();
        long due = Math.min(count, (long) ((now - start) / 1e9 * perSecond) + 1);
        long i = sent;
        for (; i < due; i++) {
            long intended = start + (long) (i / perSecond * 1e9);
            enqueue(publishOf.apply(i), intended);
        }
        if (i < count) {
            long next = start + (long) (i / perSecond * 1e9);
            long sentSoFar = i;
            loop.schedule(next, () -> tick(start, perSecond, count, publishOf, sentSoFar));
        } else {
            scheduleOver = true;
            finishWhenIdle();
        }
    }

    /** Closes the connections (all idle once a run is over); none is replaced. */
    void close() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            closing = true;
            List.copyOf(idle).forEach(connection -> connection.http.close());
            done.countDown();
        });
        done.await(5, TimeUnit.SECONDS);
    }

    /**
     * Closed loop: each connection sends its next publish as soon as the last was answered, for
     * {@code millis}. Returns the elapsed nanoseconds.
     */
    long asFastAsPossible(long millis, LongFunction<Publish> publishOf) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        closedLoop = true;
        loop.execute(() -> {
            drained = done;
            scheduleOver = false;
            for (Connection connection : List.copyOf(idle)) {
                refill(connection, end, counter, publishOf);
            }
        });
        done.await(millis + 15_000, TimeUnit.MILLISECONDS);
        closedLoop = false;
        return System.nanoTime() - start;
    }

    private void refill(Connection connection, long end, AtomicLong counter, LongFunction<Publish> publishOf) {
        idle.remove(connection);
        if (System.nanoTime() >= end) {
            idle.add(connection);
            scheduleOver = true;
            finishWhenIdle();
            return;
        }
        Publish publish = publishOf.apply(counter.getAndIncrement());
        connection.afterAnswer = () -> refill(connection, end, counter, publishOf);
        long now = System.nanoTime();
        long seq = nextSeq(publish.channelIndex);
        connection.start(new Pending(publish, request(publish, seq, now), seq, now));
    }

    private void enqueue(Publish publish, long intendedNanos) {
        long seq = nextSeq(publish.channelIndex);
        // The body carries the intended time, so it is built now even if it waits for a connection.
        Pending pending = new Pending(publish, request(publish, seq, intendedNanos), seq, intendedNanos);
        issued.incrementAndGet();
        if (idle.isEmpty()) {
            queue.add(pending);
            return;
        }
        idle.remove(idle.size() - 1).start(pending);
    }

    private byte[] request(Publish publish, long seq, long intendedNanos) {
        String token = tokens[(int) (requests++ % tokens.length)];
        return Requests.postJson(env, publish.path, token, publish.body.json(seq, Micros.of(intendedNanos)));
    }

    private synchronized long nextSeq(int channelIndex) {
        while (nextSeq.size() <= channelIndex) {
            nextSeq.add(new long[1]);
            acceptedSeqs.add(new BitSet());
        }
        return nextSeq.get(channelIndex)[0]++;
    }

    private synchronized void acceptedSeq(int channelIndex, long seq) {
        acceptedSeqs.get(channelIndex).set((int) seq);
    }

    private void finishWhenIdle() {
        if (scheduleOver && inFlight == 0 && queue.isEmpty() && drained != null) {
            drained.countDown();
            drained = null;
        }
    }

    /** One keep-alive connection: one request at a time. */
    private final class Connection implements HttpConnection.Listener {
        final HttpConnection http = new HttpConnection(loop, this);
        private final CountDownLatch connected;
        private Pending current;
        private int status;
        Runnable afterAnswer;

        Connection(CountDownLatch connected) {
            this.connected = connected;
        }

        void start(Pending pending) {
            current = pending;
            inFlight++;
            http.send(pending.request);
        }

        @Override
        public void connected(HttpConnection connection, long nowNanos) {
            idle.add(this);
            connected.countDown();
        }

        @Override
        public void head(HttpConnection connection, int status, long nowNanos) {
            this.status = status;
        }

        @Override
        public void body(HttpConnection connection, ByteBuffer data, int length, long nowNanos) {
            // the ids are not needed: what the subscribers receive is checked against the sequence numbers
        }

        @Override
        public void complete(HttpConnection connection, long nowNanos) {
            Pending done = current;
            current = null;
            inFlight--;
            responseTime.recordValue(Math.max(0, (nowNanos - done.intendedNanos) / 1000));
            if (status == 202) {
                accepted.incrementAndGet();
                acceptedEvents.addAndGet(done.publish.events);
                acceptedSeq(done.publish.channelIndex, done.seq);
            } else {
                errors.incrementAndGet();
            }
            next();
        }

        private void next() {
            if (closedLoop && afterAnswer != null) {
                afterAnswer.run();
                return;
            }
            Pending waiting = queue.poll();
            if (waiting != null) {
                start(waiting);
            } else {
                idle.add(this);
                finishWhenIdle();
            }
        }

        @Override
        public void closed(HttpConnection connection, IOException cause, long nowNanos) {
            if (current != null) {
                errors.incrementAndGet();
                inFlight--;
                current = null;
            }
            idle.remove(this);
            connected.countDown();
            if (closing) {
                return;
            }
            // A lost publisher connection is replaced, so the rate holds.
            Connection replacement = new Connection(new CountDownLatch(1));
            replacement.http.connect(env.nextSource(), env.server, 0);
            finishWhenIdle();
        }
    }
}
