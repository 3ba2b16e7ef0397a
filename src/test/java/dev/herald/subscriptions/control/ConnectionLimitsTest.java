package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @AfterEach
    void clear() {
        System.clearProperty("herald.limits.connections-per-user");
        System.clearProperty("herald.limits.max-connections");
    }

    private static ConnectionLimits limits(int perUser, int total) {
        System.setProperty("herald.limits.connections-per-user", Integer.toString(perUser));
        System.setProperty("herald.limits.max-connections", Integer.toString(total));
        ConnectionLimits limits = new ConnectionLimits();
        limits.config = new HeraldConfig();
        return limits;
    }

    @Test
    void aUserOverTheirCapGets429UntilOneIsReleased() {
        ConnectionLimits limits = limits(2, 100);
        limits.acquire("alice");
        limits.acquire("alice");
        Problem refused = assertThrows(Problem.class, () -> limits.acquire("alice"));
        assertEquals(429, refused.getResponse().getStatus());
        assertEquals("5", refused.getResponse().getHeaderString("Retry-After"));
        limits.acquire("bob");
        limits.release("alice");
        limits.acquire("alice");
    }

    @Test
    void theNodeOverItsCapGets429() {
        ConnectionLimits limits = limits(10, 2);
        limits.acquire("a");
        limits.acquire("b");
        assertEquals(429, assertThrows(Problem.class, () -> limits.acquire("c")).getResponse().getStatus());
        limits.release("a");
        limits.acquire("c");
    }
}
