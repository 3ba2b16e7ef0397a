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
        System.clearProperty("herald.limits.connections-per-address");
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

    @Test
    void anAddressOverItsCapGets429WhateverTheUsersUntilOneIsReleased() {
        ConnectionLimits limits = limits(10, 100);
        System.setProperty("herald.limits.connections-per-address", "2");
        limits.acquire("a", "10.0.0.1");
        limits.acquire("b", "10.0.0.1");
        Problem refused = assertThrows(Problem.class, () -> limits.acquire("c", "10.0.0.1"));
        assertEquals(429, refused.getResponse().getStatus());
        assertEquals("5", refused.getResponse().getHeaderString("Retry-After"));
        limits.acquire("c", "10.0.0.2");
        limits.release("a", "10.0.0.1");
        limits.acquire("c", "10.0.0.1");
        assertThrows(Problem.class, () -> limits.acquire("d", "10.0.0.1"));
        limits.acquire("d");
    }

    @Test
    void aRefusalByAddressGivesBackTheUsersAndTheNodesSlots() {
        ConnectionLimits limits = limits(1, 2);
        System.setProperty("herald.limits.connections-per-address", "1");
        limits.acquire("a", "10.0.0.1");
        assertThrows(Problem.class, () -> limits.acquire("b", "10.0.0.1"));
        limits.acquire("b", "10.0.0.2");
        limits.release("a", "10.0.0.1");
        limits.acquire("a", "10.0.0.1");
    }

    @Test
    void withoutAnAddressCapAnyNumberComeFromOneAddress() {
        ConnectionLimits limits = limits(1000, 1000);
        for (int i = 0; i < 500; i++) {
            limits.acquire("user-" + i, "10.0.0.1");
        }
    }
}
