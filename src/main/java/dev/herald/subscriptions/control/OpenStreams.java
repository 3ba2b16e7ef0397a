package dev.herald.subscriptions.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The streams open on this node, each with what it holds ({@code V}), kept in a fixed number of
 * shards so that a heartbeat tick walks only the streams of its own slice. Walking every open
 * stream on every tick (a tick every ~60 ms) cost 10,000 streams about 5% of the delivery threads'
 * CPU in a fan-out, for a check that concerns one stream in 32 (bench/README.md, finding 16).
 */
final class OpenStreams<V> {

    /** The most slices a heartbeat period is cut into. */
    static final int SHARDS = 32;

    private final List<Map<StreamSubscriber, V>> shards = new ArrayList<>(SHARDS);

    OpenStreams() {
        for (int i = 0; i < SHARDS; i++) {
            shards.add(new ConcurrentHashMap<>());
        }
    }

    void put(StreamSubscriber stream, V held) {
        shardOf(stream).put(stream, held);
    }

    V remove(StreamSubscriber stream) {
        return shardOf(stream).remove(stream);
    }

    boolean contains(StreamSubscriber stream) {
        return shardOf(stream).containsKey(stream);
    }

    /** A copy of the open streams, for a pass that may close some of them. */
    List<StreamSubscriber> all() {
        List<StreamSubscriber> all = new ArrayList<>();
        shards.forEach(shard -> all.addAll(shard.keySet()));
        return all;
    }

    /**
     * The streams of slice {@code slice} of {@code slices} ({@code slices} at most {@link #SHARDS}):
     * taken in turn, the slices visit every stream once.
     */
    void forEachInSlice(int slice, int slices, Consumer<StreamSubscriber> action) {
        for (int shard = slice; shard < SHARDS; shard += slices) {
            shards.get(shard).keySet().forEach(action);
        }
    }

    private Map<StreamSubscriber, V> shardOf(StreamSubscriber stream) {
        // Identity hash: a stream's shard never changes while it is open.
        return shards.get(Math.floorMod(System.identityHashCode(stream), SHARDS));
    }
}
