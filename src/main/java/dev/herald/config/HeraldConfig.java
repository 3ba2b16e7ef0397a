package dev.herald.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code herald.*} setting, read in one place: a system property wins (so asadmin or the
 * WildFly CLI can set it), then the environment variable {@code HERALD_<NAME>}, then the default.
 */
@ApplicationScoped
public class HeraldConfig {

    public Optional<String> redisUrl() {
        return text("herald.redis.url");
    }

    /** How long a Redis command may take before the call fails (a publish then answers 503). */
    public int redisTimeoutMillis() {
        return positive("herald.redis.timeout-ms", 2000);
    }

    public Optional<String> jwtSecret() {
        return text("herald.jwt.secret");
    }

    public Optional<String> jwtPublicKey() {
        return text("herald.jwt.public-key");
    }

    public boolean devMode() {
        return Boolean.parseBoolean(text("herald.dev-mode").orElse("false").trim());
    }

    public List<String> corsOrigins() {
        return text("herald.cors.origins")
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public int heartbeatSeconds() {
        return positive("herald.heartbeat-seconds", 15);
    }

    public int historyMaxEvents() {
        return positive("herald.history.max-events", 1000);
    }

    public long historyMaxAgeSeconds() {
        return positive("herald.history.max-age-seconds", 86400);
    }

    /** In-memory mode only: Redis bounds each channel's stream, and its own memory is Redis's to set. */
    public int historyMaxTotalEvents() {
        return positive("herald.history.max-total-events", 200_000);
    }

    public int maxPayloadBytes() {
        return positive("herald.max-payload-bytes", 65536);
    }

    public int batchMaxItems() {
        return positive("herald.batch.max-items", 500);
    }

    /** The {@code retry:} a stream's first frame suggests to EventSource. */
    public int sseRetryMillis() {
        return positive("herald.sse.retry-ms", 3000);
    }

    /** Events queued for one stream before it counts as too slow and is dropped. */
    public int sseMaxQueuedEvents() {
        return positive("herald.sse.max-queued-events", 1024);
    }

    /** Open streams and parked polls one user may hold on one node. */
    public int maxConnectionsPerUser() {
        return positive("herald.limits.connections-per-user", 32);
    }

    /** Open streams and parked polls on one node. */
    public int maxConnections() {
        return positive("herald.limits.max-connections", 20000);
    }

    /**
     * Open streams from one client address on one node; 0 (the default) is no limit, because
     * behind a load balancer or a corporate proxy every client has the same address.
     */
    public int maxConnectionsPerAddress() {
        return nonNegative("herald.limits.connections-per-address", 0);
    }

    /**
     * Events one publisher (a token subject) may publish per second on one node, a batch counting
     * each item; 0 is no limit. The default is well above what one node accepts (≈ 80,000 events/s
     * in batches in memory, measured), so it only stops a runaway publisher from taking a whole node.
     */
    public int publishPerSecond() {
        return nonNegative("herald.limits.publish-per-second", 200000);
    }

    /** How many events a publisher may send at once after a quiet spell (the bucket's size). */
    public int publishBurst() {
        return positive("herald.limits.publish-burst", (int) Math.max(1, Math.min(Integer.MAX_VALUE, 2L * publishPerSecond())));
    }

    /**
     * Threads that write to subscribers; a write never blocks the publisher or the bus. A client
     * that stops reading holds one until the server's write timeout, so there are a few spare.
     */
    public int deliveryThreads() {
        return positive("herald.delivery-threads", Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));
    }

    public Optional<String> nodeId() {
        return text("herald.node-id");
    }

    /** Reads a raw setting: system property first, then {@code HERALD_NAME} from the environment. */
    public static Optional<String> text(String key) {
        String value = System.getProperty(key);
        if (value != null && !value.isBlank()) {
            return Optional.of(value);
        }
        return ENVIRONMENT.computeIfAbsent(key, HeraldConfig::fromEnvironment);
    }

    // Settings are read where they are used, so a change of a system property shows at once. A process's
    // environment cannot change, so each variable is read once: System.getenv makes new objects for
    // every look-up, and some settings are read for every publish (bench/README.md, finding 36).
    private static final Map<String, Optional<String>> ENVIRONMENT = new ConcurrentHashMap<>();

    private static Optional<String> fromEnvironment(String key) {
        return Optional.ofNullable(System.getenv(environmentName(key))).filter(value -> !value.isBlank());
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static int positive(String key, int fallback) {
        return text(key).map(value -> parsePositive(key, value)).orElse(fallback);
    }

    private static int nonNegative(String key, int fallback) {
        return text(key).map(value -> value.trim().equals("0") ? 0 : parsePositive(key, value)).orElse(fallback);
    }

    private static int parsePositive(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below, naming the key
        }
        throw new IllegalStateException(key + " must be a positive whole number, not '" + value + "'");
    }
}
