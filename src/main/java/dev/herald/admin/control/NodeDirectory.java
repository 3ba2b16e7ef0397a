package dev.herald.admin.control;

import java.util.List;

/** The port through which nodes announce their figures to each other: where a bus joins nodes, a shared table. */
public interface NodeDirectory {

    /** Publishes this node's figures (JSON), valid until {@code ttlMillis} from now unless renewed. */
    void announce(String nodeId, String statsJson, long ttlMillis);

    /** Removes this node at once, as it leaves the cluster. */
    void withdraw(String nodeId);

    /** The figures (JSON) of every node whose announcement is still valid, this one included. */
    List<String> liveNodes();
}
