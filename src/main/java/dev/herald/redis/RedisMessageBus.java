package dev.herald.redis;

import dev.herald.bus.control.BusStatus;
import dev.herald.bus.control.MessageBus;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EventId;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Fan-out between nodes over Redis pub/sub: one pub/sub connection per node, multiplexing the
 * channels that have local subscribers. Messages are handed to the listener on Lettuce's event
 * loop, in order; the listener only queues, so the loop never blocks.
 */
@ApplicationScoped
@Typed(RedisMessageBus.class)
public class RedisMessageBus implements MessageBus {

    private static final Logger LOG = Logger.getLogger("dev.herald.redis");
    /** Lettuce reconnects within 2 s of Redis returning: a refused SUBSCRIBE is retried at that pace. */
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofMillis(500);

    @Inject
    RedisConnections redis;

    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final Set<String> toRecover = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Envelope> listener = envelope -> {};
    private volatile Consumer<Channel> recovery = channel -> {};
    private volatile Consumer<String> commands = command -> {};

    @PostConstruct
    void connect() {
        redis.withPubSub(this::attach);
        redis.onPubSubLost(() -> toRecover.addAll(subscribed));
    }

    private void attach(StatefulRedisPubSubConnection<String, String> connection) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pubSubChannel, String message) {
                if (RedisKeys.COMMANDS.equals(pubSubChannel)) {
                    commands.accept(message);
                } else {
                    relay(pubSubChannel, message);
                }
            }

            @Override
            public void smessage(String shardChannel, String message) {
                relay(shardChannel, message);
            }

            @Override
            public void ssubscribed(String shardChannel, long count) {
                subscribed(shardChannel, count);
            }

            @Override
            public void subscribed(String pubSubChannel, long count) {
                if (toRecover.remove(pubSubChannel)) {
                    Channel channel = RedisKeys.channelOf(pubSubChannel);
                    if (channel != null) {
                        recovery.accept(channel);
                    }
                }
            }
        });
        connection.async().subscribe(RedisKeys.COMMANDS);
        if (!subscribed.isEmpty()) {
            subscribeUntilConfirmed(connection, subscribed.toArray(String[]::new));
        }
    }

    /** Channels are sharded in a cluster: each lives on the node that owns its slot. */
    private RedisFuture<Void> subscribe(StatefulRedisPubSubConnection<String, String> connection, String... names) {
        return redis.isClusterMode() ? connection.async().ssubscribe(names) : connection.async().subscribe(names);
    }

    /** A message is {@code <id> <type> <envelope json>}: the id and type are read without parsing JSON. */
    private void relay(String pubSubChannel, String message) {
        int first = message.indexOf(' ');
        int second = first < 0 ? -1 : message.indexOf(' ', first + 1);
        Channel channel = RedisKeys.channelOf(pubSubChannel);
        if (second < 0 || channel == null) {
            LOG.fine(() -> "ignoring a message that is not Herald's on " + pubSubChannel);
            return;
        }
        EventId.parse(message.substring(0, first)).ifPresent(id -> listener.accept(
                new Envelope(id, channel.key(), message.substring(first + 1, second), id.millis(),
                        message.substring(second + 1))));
    }

    @Override
    public void listen(Consumer<Envelope> listener) {
        this.listener = listener;
    }

    @Override
    public void onResubscribed(Consumer<Channel> recovery) {
        this.recovery = recovery;
    }

    @Override
    public void broadcast(String command) {
        try {
            redis.basics().publish(RedisKeys.COMMANDS, command);
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis is unreachable", e);
        }
    }

    @Override
    public void onBroadcast(Consumer<String> listener) {
        this.commands = listener;
    }

    @Override
    public void subscribe(Channel channel) {
        String name = RedisKeys.pubSub(channel);
        if (subscribed.add(name)) {
            // Live means confirmed: the caller reads the history next, and an event published between
            // that read and Redis taking the SUBSCRIBE would reach neither (a resume missed one so).
            // One round trip, on a request thread, for a channel's first local subscriber only.
            redis.withPubSubIfConnected(connection -> awaitConfirmed(subscribeUntilConfirmed(connection, name), name));
        }
    }

    /**
     * A SUBSCRIBE refused while Redis is away is sent again until Redis confirms it: after a
     * reconnect Lettuce renews only the subscriptions Redis had confirmed, so a channel first
     * followed during an outage would otherwise stay deaf for as long as it is followed. Once it is
     * confirmed the channel catches up from the store like any channel cut off by the outage.
     */
    private RedisFuture<Void> subscribeUntilConfirmed(StatefulRedisPubSubConnection<String, String> connection,
            String... names) {
        RedisFuture<Void> subscription = subscribe(connection, names);
        subscription.whenComplete((confirmed, refused) -> {
            if (refused != null) {
                for (String name : names) {
                    if (subscribed.contains(name)) {
                        toRecover.add(name);
                        redis.later(() -> resubscribe(name), RESUBSCRIBE_DELAY);
                    }
                }
            }
        });
        return subscription;
    }

    private void resubscribe(String name) {
        if (subscribed.contains(name)) {
            redis.withPubSubIfConnected(connection -> subscribeUntilConfirmed(connection, name));
        }
    }

    private void awaitConfirmed(RedisFuture<Void> subscription, String name) {
        try {
            if (!subscription.await(redis.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.fine(() -> "SUBSCRIBE " + name + " not confirmed within the Redis timeout; going on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void unsubscribe(Channel channel) {
        String name = RedisKeys.pubSub(channel);
        if (subscribed.remove(name)) {
            toRecover.remove(name);
            redis.withPubSubIfConnected(connection -> {
                if (redis.isClusterMode()) {
                    connection.async().sunsubscribe(name);
                } else {
                    connection.async().unsubscribe(name);
                }
            });
        }
    }

    @Override
    public BusStatus status() {
        boolean up = redis.isUp();
        return new BusStatus("redis", up, up ? "connected to " + redis.redacted() : "Redis: " + redis.failure());
    }
}
