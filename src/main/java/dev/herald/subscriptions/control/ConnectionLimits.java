package dev.herald.subscriptions.control;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps open streams and parked polls per user and per node; over a cap the answer is 429. */
@ApplicationScoped
public class ConnectionLimits {

    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    HeraldConfig config;

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    /** Takes a connection slot for the user or throws a 429 problem. */
    public void acquire(String user) {
        if (total.incrementAndGet() > config.maxConnections()) {
            total.decrementAndGet();
            throw Problem.tooManyRequests("This node holds as many connections as it may; retry later or elsewhere.",
                    RETRY_AFTER_SECONDS);
        }
        int mine = perUser.computeIfAbsent(user, key -> new AtomicInteger()).incrementAndGet();
        if (mine > config.maxConnectionsPerUser()) {
            release(user);
            throw Problem.tooManyRequests("This user has " + config.maxConnectionsPerUser()
                    + " open streams or polls on this node already; close one first.", RETRY_AFTER_SECONDS);
        }
    }

    public void release(String user) {
        total.decrementAndGet();
        perUser.computeIfPresent(user, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
