package dev.herald.redis;

import dev.herald.config.HeraldConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.BaseRedisCommands;
import io.lettuce.core.api.sync.RedisHashCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's two Redis connections, made with Lettuce: one for commands, one for pub/sub (never
 * one per browser). Against a Redis Cluster (found out on the first connect) both are cluster
 * connections that route by slot, and pub/sub is sharded. A node that starts while Redis is
 * unreachable keeps trying in the background; once connected, Lettuce reconnects by itself and
 * renews the subscriptions. Commands fail at once while Redis is away, so a publish answers 503
 * instead of waiting.
 */
@ApplicationScoped
@Typed(RedisConnections.class)
public class RedisConnections {

    private static final Logger LOG = Logger.getLogger("dev.herald.redis");
    private static final long FIRST_CONNECT_RETRY_MILLIS = 1000;

    @Inject
    HeraldConfig config;

    private RedisURI uri;
    private Duration timeout;
    private ClientResources resources;
    private AbstractRedisClient client;
    private ScheduledExecutorService connector;
    private volatile boolean cluster;
    private volatile StatefulConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean everConnected;
    // Set as the node stops: Lettuce is being shut down, so nothing may be sent any more.
    private volatile boolean stopping;
    private volatile String lastFailure = "not connected yet";
    private final List<Consumer<StatefulRedisPubSubConnection<String, String>>> onPubSub = new CopyOnWriteArrayList<>();
    private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

    @PostConstruct
    void start() {
        uri = RedisURI.create(config.redisUrl().orElseThrow());
        timeout = Duration.ofMillis(config.redisTimeoutMillis());
        uri.setTimeout(timeout);
        resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Back within two seconds of Redis returning, however long it was away (Lettuce's default grows to 30 s).
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-redis-connector");
            thread.setDaemon(true);
            return thread;
        });
        Future<?> firstAttempt = connector.submit(this::connect);
        awaitFirstAttempt(firstAttempt);
    }

    /**
     * Waits, at most the command timeout, for the first connect to succeed or fail, so that a node
     * whose Redis is there is up when its deployment is: otherwise the first publishes after a
     * (re)deployment would answer 503 while the connection is still being made in the background.
     * A node whose Redis is away still comes up, reporting DOWN, and goes on trying.
     */
    private void awaitFirstAttempt(Future<?> firstAttempt) {
        try {
            firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillTrying) {
            LOG.info(() -> "Redis not connected yet after " + timeout.toMillis() + " ms; going on connecting in the background");
        } catch (ExecutionException failed) {
            LOG.log(Level.WARNING, "Redis connect failed", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect() {
        try {
            if (client == null) {
                client = clientFor(isCluster());
            }
            if (commands == null) {
                commands = cluster ? ((RedisClusterClient) client).connect() : ((RedisClient) client).connect();
            }
            if (pubSub == null) {
                StatefulRedisPubSubConnection<String, String> connection = connectPubSub();
                synchronized (onPubSub) {
                    pubSub = connection;
                    onPubSub.forEach(callback -> callback.accept(connection));
                }
            }
            everConnected = true;
            LOG.info(() -> "Redis connected" + (cluster ? " (cluster)" : "") + ": " + redacted());
        } catch (RuntimeException unreachable) {
            lastFailure = unreachable.getMessage();
            LOG.log(Level.WARNING, "Redis unreachable at " + redacted() + " (" + unreachable.getMessage()
                    + "); retrying every second");
            connector.schedule(this::connect, FIRST_CONNECT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Asks the server once whether it is a cluster node. */
    private boolean isCluster() {
        RedisClient probe = RedisClient.create(resources, uri);
        try (StatefulRedisConnection<String, String> connection = probe.connect()) {
            cluster = connection.sync().info("cluster").contains("cluster_enabled:1");
            return cluster;
        } finally {
            probe.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private AbstractRedisClient clientFor(boolean clusterMode) {
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
        if (clusterMode) {
            RedisClusterClient clusterClient = RedisClusterClient.create(resources, uri);
            clusterClient.setOptions(ClusterClientOptions.builder(options).build());
            clusterClient.addListener(new StateLogger());
            return clusterClient;
        }
        RedisClient standalone = RedisClient.create(resources, uri);
        standalone.setOptions(options);
        standalone.addListener(new StateLogger());
        return standalone;
    }

    private StatefulRedisPubSubConnection<String, String> connectPubSub() {
        if (!cluster) {
            return ((RedisClient) client).connectPubSub();
        }
        StatefulRedisClusterPubSubConnection<String, String> connection = ((RedisClusterClient) client).connectPubSub();
        // Sharded subscriptions live on the node that owns the slot: hand their messages to our listener too.
        connection.setNodeMessagePropagation(true);
        return connection;
    }

    /** Whether Redis is a cluster: pub/sub is then sharded (SSUBSCRIBE / SPUBLISH). */
    public boolean isClusterMode() {
        return cluster;
    }

    /** Scripts (EVAL, EVALSHA); routed by the first key in a cluster. */
    public RedisScriptingCommands<String, String> scripting() {
        return sync();
    }

    /** The same, without waiting: calls on one connection are pipelined. */
    public RedisScriptingAsyncCommands<String, String> scriptingAsync() {
        return async();
    }

    public RedisHashCommands<String, String> hashes() {
        return sync();
    }

    /** The same, without waiting. */
    public RedisHashAsyncCommands<String, String> hashesAsync() {
        return async();
    }

    /** PUBLISH and the like. */
    public BaseRedisCommands<String, String> basics() {
        return sync();
    }

    @SuppressWarnings("unchecked")
    private <T> T sync() {
        StatefulConnection<String, String> connection = open();
        return connection instanceof StatefulRedisClusterConnection<String, String> clustered
                ? (T) clustered.sync()
                : (T) ((StatefulRedisConnection<String, String>) connection).sync();
    }

    @SuppressWarnings("unchecked")
    private <T> T async() {
        StatefulConnection<String, String> connection = open();
        return connection instanceof StatefulRedisClusterConnection<String, String> clustered
                ? (T) clustered.async()
                : (T) ((StatefulRedisConnection<String, String>) connection).async();
    }

    private StatefulConnection<String, String> open() {
        StatefulConnection<String, String> connection = commands;
        if (connection == null || !connection.isOpen()) {
            throw new RedisUnavailableException("Redis is unreachable", null);
        }
        return connection;
    }

    /** Runs {@code setUp} on the pub/sub connection once it exists (now, or when it is first made). */
    public void withPubSub(Consumer<StatefulRedisPubSubConnection<String, String>> setUp) {
        synchronized (onPubSub) {
            onPubSub.add(setUp);
            if (pubSub != null) {
                setUp.accept(pubSub);
            }
        }
    }

    /** Runs {@code command} on the pub/sub connection if there is one; else the first connect catches up. */
    public void withPubSubIfConnected(Consumer<StatefulRedisPubSubConnection<String, String>> command) {
        StatefulRedisPubSubConnection<String, String> connection = pubSub;
        // Streams closed as the node stops unsubscribe after Lettuce may have been shut down (CDI destroys beans in no set order).
        if (connection != null && !stopping) {
            command.accept(connection);
        }
    }

    /** Runs {@code lost} each time the pub/sub connection is cut. */
    public void onPubSubLost(Runnable lost) {
        onLost.add(lost);
    }

    /** Runs {@code task} once after {@code delay}, off Lettuce's threads; not once the node is stopping. */
    public void later(Runnable task, Duration delay) {
        if (stopping) {
            return;
        }
        try {
            connector.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the node is stopping: nothing is to be renewed any more
        }
    }

    /** How long a command may take: the bound of every wait on Redis. */
    public Duration timeout() {
        return timeout;
    }

    public boolean isUp() {
        StatefulConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        return c != null && c.isOpen() && p != null && p.isOpen();
    }

    public String failure() {
        return everConnected ? "connection lost; reconnecting" : lastFailure;
    }

    /** The URL without its password, for logs. */
    public String redacted() {
        return config.redisUrl().orElse("").replaceAll("//[^@/]*@", "//***@");
    }

    @PreDestroy
    void stop() {
        stopping = true;
        connector.shutdownNow();
        // Each step whatever the one before did: a close that fails must not leave Lettuce's and
        // Netty's threads running after an undeploy.
        closing("the pub/sub connection", () -> {
            if (pubSub != null) {
                pubSub.close();
            }
        });
        closing("the command connection", () -> {
            if (commands != null) {
                commands.close();
            }
        });
        closing("the client", () -> {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        });
        closing("the client resources", () -> resources.shutdown(0, 2, TimeUnit.SECONDS));
        LOG.info("Redis connections closed");
    }

    private static void closing(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "Closing " + what + " of Redis failed; going on", failure);
        }
    }

    /** Logs the state changes that matter and tells who needs to know that pub/sub was cut. */
    private final class StateLogger implements RedisConnectionStateListener {

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (connection == pubSub) {
                LOG.info(() -> "Redis pub/sub connection back at " + address + "; renewing subscriptions");
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == pubSub && !stopping) {
                LOG.warning(() -> "Redis pub/sub connection lost (" + redacted() + "); reconnecting");
                onLost.forEach(Runnable::run);
            }
        }
    }
}
