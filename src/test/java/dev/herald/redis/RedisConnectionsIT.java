package dev.herald.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.it.Await;
import dev.herald.it.Prerequisites;
import dev.herald.it.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What an undeploy leaves behind: after the bean's {@code @PreDestroy} no Lettuce or Netty thread
 * of it is alive, so a redeploy starts clean (real Redis, no container needed).
 */
@Tag("cluster")
class RedisConnectionsIT {

    private static List<String> redisThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("lettuce") || name.startsWith("herald-redis"))
                .toList();
    }

    @Test
    void stoppingReleasesEveryThreadAndStartingAgainWorks() {
        Prerequisites.requireRedisServer();
        try (RedisServer redis = RedisServer.startEphemeral()) {
            System.setProperty("herald.redis.url", redis.url());
            try {
                for (int deployment = 0; deployment < 2; deployment++) {
                    RedisConnections connections = new RedisConnections();
                    connections.config = new HeraldConfig();
                    connections.start();
                    Await.until(Duration.ofSeconds(10), connections::isUp, "connected");
                    connections.basics().publish("herald:commands", "ping");
                    connections.stop();
                    Await.until(Duration.ofSeconds(10), () -> redisThreads().isEmpty(),
                            "no Redis thread left after stop: " + redisThreads());
                }
                assertTrue(redisThreads().isEmpty());
            } finally {
                System.clearProperty("herald.redis.url");
            }
        }
    }
}
