package dev.herald.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Many subscribers over the loops: opened at a bounded pace (a few hundred handshakes in flight),
 * counted as they are established, fail or are ended, with one latency recorder for all.
 */
final class SseFleet {

    /** Hears every delivery, on a loop thread (scenarios that need more than the histogram). */
    interface Deliveries {
        void delivered(SseStream stream, long seq, long latencyMicros);
    }

    private final BenchEnv env;
    final List<SseStream> streams = new ArrayList<>();
    final Recorder latency = new Recorder(3_600_000_000L, 3);
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final AtomicInteger endedStalled = new AtomicInteger();
    final AtomicInteger unexpected = new AtomicInteger();
    final AtomicLong deliveries = new AtomicLong();
    private final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
    private volatile Deliveries listener = (stream, seq, latencyMicros) -> {};
    private volatile boolean recording = true;

    SseFleet(BenchEnv env) {
        this.env = env;
    }

    void listen(Deliveries deliveries) {
        listener = deliveries;
    }

    void recording(boolean on) {
        recording = on;
    }

    /**
     * Opens streams until {@code count} are open (indexes {@code from..from+count-1}), with at most
     * {@code inFlight} handshakes at a time; gives up after {@code timeoutMillis}. Returns how many are open.
     */
    int open(int from, int count, IntFunction<String> pathOf, IntFunction<String> tokenOf, int receiveBuffer,
            int inFlight, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int target = established.get() + count;
        for (int i = from; i < from + count; i++) {
            while (started() - established.get() - failed.get() - ended.get() >= inFlight) {
                if (System.currentTimeMillis() > deadline) {
                    return established.get();
                }
                Thread.sleep(1);
            }
            NioLoop loop = env.nextLoop();
            byte[] request = Requests.get(env, pathOf.apply(i), tokenOf.apply(i), "text/event-stream");
            SseStream stream = new SseStream(this, loop, i, request);
            synchronized (streams) {
                streams.add(stream);
            }
            InetSocketAddress source = env.nextSource();
            loop.execute(() -> stream.connection.connect(source, env.server, receiveBuffer));
        }
        while (established.get() + failed.get() < target && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return established.get();
    }

    private int started() {
        synchronized (streams) {
            return streams.size();
        }
    }

    void established(SseStream stream) {
        established.incrementAndGet();
    }

    void failed(SseStream stream, String reason) {
        failed.incrementAndGet();
        reasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    void ended(SseStream stream, String reason) {
        if (stream.stalled) {
            endedStalled.incrementAndGet();
            return;
        }
        ended.incrementAndGet();
        reasons.computeIfAbsent(reason == null ? "ended" : reason, r -> new AtomicInteger()).incrementAndGet();
    }

    void unexpected(SseStream stream, String name) {
        unexpected.incrementAndGet();
    }

    void delivered(SseStream stream, long seq, long latencyMicros) {
        deliveries.incrementAndGet();
        if (recording && !stream.stalled) {
            latency.recordValue(Math.max(0, latencyMicros));
        }
        listener.delivered(stream, seq, latencyMicros);
    }

    /**
     * Waits until no delivery has arrived for {@code quietMillis} (at most {@code maxMillis}), so that
     * gaps are counted once the server's backlog is written, not while it still is; returns the
     * milliseconds that took.
     */
    long awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long started = System.currentTimeMillis();
        long last = deliveries.get();
        long lastChange = started;
        while (System.currentTimeMillis() - lastChange < quietMillis && System.currentTimeMillis() - started < maxMillis) {
            Thread.sleep(250);
            long now = deliveries.get();
            if (now != last) {
                last = now;
                lastChange = System.currentTimeMillis();
            }
        }
        return lastChange - started;
    }

    Map<String, Integer> reasons() {
        Map<String, Integer> copy = new TreeMap<>();
        reasons.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }

    /**
     * Counts, over the streams that kept reading, the accepted sequence numbers of their channel
     * that never arrived ({@code accepted} per channel index), and the duplicates.
     */
    long[] gapsAndDuplicates(IntFunction<BitSet> accepted) {
        long gaps = 0;
        long duplicates = 0;
        synchronized (streams) {
            for (SseStream stream : streams) {
                if (stream.stalled || !stream.established) {
                    continue;
                }
                BitSet missing = (BitSet) accepted.apply(stream.channelIndex).clone();
                missing.andNot(stream.received);
                gaps += missing.cardinality();
                duplicates += stream.duplicates;
            }
        }
        return new long[] {gaps, duplicates};
    }

    /** Runs {@code action} on each stream on its own loop thread and waits for all. */
    void onEachLoop(Consumer<SseStream> action) throws InterruptedException {
        List<SseStream> copy;
        synchronized (streams) {
            copy = List.copyOf(streams);
        }
        CountDownLatch done = new CountDownLatch(copy.size());
        for (SseStream stream : copy) {
            stream.connection.loop().execute(() -> {
                action.accept(stream);
                done.countDown();
            });
        }
        done.await();
    }

    void closeAll() throws InterruptedException {
        onEachLoop(stream -> {
            stream.closed = true;
            stream.connection.close();
        });
    }
}
