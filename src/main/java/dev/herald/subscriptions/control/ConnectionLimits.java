package dev.herald.subscriptions.control;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open streams and parked polls per user and per node, and open streams per client address;
 * over a cap the answer is 429 with {@code Retry-After}.
 */
@ApplicationScoped
public class ConnectionLimits {

    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    HeraldConfig config;

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** Takes a connection slot for the user (not counted per address) or throws a 429 problem. */
    public void acquire(String user) {
        acquire(user, null);
    }

    /** Takes a connection slot for the user from {@code address} (null: not counted per address) or throws a 429 problem. */
    public void acquire(String user, String address) {
        if (total.incrementAndGet() > config.maxConnections()) {
            total.decrementAndGet();
            throw Problem.tooManyRequests("This node holds as many connections as it may; retry later or elsewhere.",
                    RETRY_AFTER_SECONDS);
        }
        int mine = increment(perUser, user);
        if (mine > config.maxConnectionsPerUser()) {
            release(user, null);
            throw Problem.tooManyRequests("This user has " + config.maxConnectionsPerUser()
                    + " open streams or polls on this node already; close one first.", RETRY_AFTER_SECONDS);
        }
        if (address != null) {
            int fromThere = increment(perAddress, address);
            int cap = config.maxConnectionsPerAddress();
            if (cap > 0 && fromThere > cap) {
                release(user, address);
                // The address is the caller's own: naming it tells nothing they do not know.
                throw Problem.tooManyRequests("Your address has " + cap
                        + " open streams on this node already (herald.limits.connections-per-address); close one first.",
                        RETRY_AFTER_SECONDS);
            }
        }
    }

    public void release(String user) {
        release(user, null);
    }

    public void release(String user, String address) {
        total.decrementAndGet();
        decrement(perUser, user);
        if (address != null) {
            decrement(perAddress, address);
        }
    }

    private static int increment(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        // Incremented inside compute, so a concurrent release cannot remove the entry in between.
        return counts.compute(key, (k, count) -> {
            AtomicInteger value = count == null ? new AtomicInteger() : count;
            value.incrementAndGet();
            return value;
        }).get();
    }

    private static void decrement(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
