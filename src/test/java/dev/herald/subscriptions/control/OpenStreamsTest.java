package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenStreamsTest {

    private static List<StreamSubscriber> streams(int count) {
        List<StreamSubscriber> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            streams.add(new StreamSubscriber(Channel.user("u" + i), "u" + i, null, null, null));
        }
        return streams;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 18, 32})
    void theSlicesOfAPeriodVisitEveryOpenStreamExactlyOnce(int slices) {
        OpenStreams<String> open = new OpenStreams<>();
        List<StreamSubscriber> streams = streams(1_000);
        streams.forEach(stream -> open.put(stream, "held"));

        Map<StreamSubscriber, Integer> visits = new HashMap<>();
        for (int slice = 0; slice < slices; slice++) {
            open.forEachInSlice(slice, slices, stream -> visits.merge(stream, 1, Integer::sum));
        }

        assertEquals(streams.size(), visits.size());
        assertTrue(visits.values().stream().allMatch(count -> count == 1), "each stream once per period");
    }

    @Test
    void aRemovedStreamIsNeitherHeldNorVisited() {
        OpenStreams<String> open = new OpenStreams<>();
        List<StreamSubscriber> streams = streams(100);
        streams.forEach(stream -> open.put(stream, "held " + stream.connectionKey()));
        StreamSubscriber gone = streams.get(7);

        assertEquals("held u7", open.remove(gone));

        assertFalse(open.contains(gone));
        assertNull(open.remove(gone));
        assertEquals(99, open.all().size());
        assertFalse(open.all().contains(gone));
        List<StreamSubscriber> visited = new ArrayList<>();
        for (int slice = 0; slice < OpenStreams.SHARDS; slice++) {
            open.forEachInSlice(slice, OpenStreams.SHARDS, visited::add);
        }
        assertEquals(99, visited.size());
        assertFalse(visited.contains(gone));
        assertTrue(open.contains(streams.get(8)));
    }
}
