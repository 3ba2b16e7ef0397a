package dev.herald.redis;

import dev.herald.admin.control.NodeDirectory;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisHashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Nodes in a Redis hash: field = node id, value = {@code <expires at millis> <stats json>}. A node
 * that stops announcing (killed) drops out when its entry expires; any node prunes expired entries.
 */
@ApplicationScoped
@Typed(RedisNodeDirectory.class)
public class RedisNodeDirectory implements NodeDirectory {

    private static final Logger LOG = Logger.getLogger("dev.herald.redis");
    private static final String KEY = "herald:nodes";

    @Inject
    RedisConnections redis;

    /**
     * Sent without waiting for the answer: announcing runs on the node's one timer thread, which
     * also drives heartbeats, and a slow Redis must not hold those up for its time-out. A lost
     * announcement is made good by the next, well before the entry expires.
     */
    @Override
    public void announce(String nodeId, String statsJson, long ttlMillis) {
        try {
            redis.hashesAsync().hset(KEY, nodeId, (System.currentTimeMillis() + ttlMillis) + " " + statsJson)
                    .whenComplete((added, failure) -> {
                        if (failure != null) {
                            LOG.log(Level.FINE, "announcing this node failed; the next announcement retries", failure);
                        }
                    });
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis is unreachable", e);
        }
    }

    @Override
    public void withdraw(String nodeId) {
        try {
            commands().hdel(KEY, nodeId);
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis is unreachable", e);
        }
    }

    @Override
    public List<String> liveNodes() {
        try {
            return readLive();
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis is unreachable", e);
        }
    }

    private List<String> readLive() {
        RedisHashCommands<String, String> commands = commands();
        long now = System.currentTimeMillis();
        List<String> live = new ArrayList<>();
        for (Map.Entry<String, String> entry : commands.hgetall(KEY).entrySet()) {
            String value = entry.getValue();
            int space = value.indexOf(' ');
            long expiresAt = space > 0 ? parseOrZero(value.substring(0, space)) : 0;
            if (expiresAt < now) {
                commands.hdel(KEY, entry.getKey());
            } else {
                live.add(value.substring(space + 1));
            }
        }
        return live;
    }

    private static long parseOrZero(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private RedisHashCommands<String, String> commands() {
        try {
            return redis.hashes();
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis is unreachable", e);
        }
    }
}
