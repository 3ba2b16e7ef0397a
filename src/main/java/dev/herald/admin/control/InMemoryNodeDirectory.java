package dev.herald.admin.control;

import java.util.List;

/** The single node's directory: only itself. */
public class InMemoryNodeDirectory implements NodeDirectory {

    private volatile String self;

    @Override
    public void announce(String nodeId, String statsJson, long ttlMillis) {
        self = statsJson;
    }

    @Override
    public void withdraw(String nodeId) {
        self = null;
    }

    @Override
    public List<String> liveNodes() {
        String current = self;
        return current == null ? List.of() : List.of(current);
    }
}
