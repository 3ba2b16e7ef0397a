package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeraldConfigTest {

    private final HeraldConfig config = new HeraldConfig();

    @AfterEach
    void clear() {
        for (String key : List.of("herald.heartbeat-seconds", "herald.cors.origins", "herald.dev-mode")) {
            System.clearProperty(key);
        }
    }

    @Test
    void defaultsAreTheContractsOnes() {
        assertEquals(15, config.heartbeatSeconds());
        assertEquals(1000, config.historyMaxEvents());
        assertEquals(86400, config.historyMaxAgeSeconds());
        assertEquals(65536, config.maxPayloadBytes());
        assertEquals(500, config.batchMaxItems());
        assertEquals(List.of(), config.corsOrigins());
        assertEquals(false, config.devMode());
        assertTrue(config.redisUrl().isEmpty());
        assertEquals(0, config.maxConnectionsPerAddress(), "off: behind a proxy every client has one address");
        assertEquals(200000, config.publishPerSecond());
        assertEquals(400000, config.publishBurst());
    }

    @Test
    void zeroTurnsALimitOffAndTheBurstFollowsTheRate() {
        System.setProperty("herald.limits.publish-per-second", "0");
        System.setProperty("herald.limits.connections-per-address", "0");
        try {
            assertEquals(0, config.publishPerSecond());
            assertEquals(0, config.maxConnectionsPerAddress());
            System.setProperty("herald.limits.publish-per-second", "10");
            assertEquals(20, config.publishBurst());
            System.setProperty("herald.limits.publish-per-second", "-1");
            assertThrows(IllegalStateException.class, config::publishPerSecond);
        } finally {
            System.clearProperty("herald.limits.publish-per-second");
            System.clearProperty("herald.limits.connections-per-address");
        }
    }

    @Test
    void systemPropertiesAreRead() {
        System.setProperty("herald.heartbeat-seconds", "2");
        System.setProperty("herald.cors.origins", " https://a.example , https://b.example ,");
        System.setProperty("herald.dev-mode", "true");
        assertEquals(2, config.heartbeatSeconds());
        assertEquals(List.of("https://a.example", "https://b.example"), config.corsOrigins());
        assertTrue(config.devMode());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("HERALD_HISTORY_MAX_EVENTS", HeraldConfig.environmentName("herald.history.max-events"));
        assertEquals("HERALD_DEV_MODE", HeraldConfig.environmentName("herald.dev-mode"));
    }

    @Test
    void aBadNumberIsRefusedNamingTheKey() {
        System.setProperty("herald.heartbeat-seconds", "soon");
        IllegalStateException refused = assertThrows(IllegalStateException.class, config::heartbeatSeconds);
        assertTrue(refused.getMessage().contains("herald.heartbeat-seconds"));
        System.setProperty("herald.heartbeat-seconds", "0");
        assertThrows(IllegalStateException.class, config::heartbeatSeconds);
    }
}
