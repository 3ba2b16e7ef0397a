package dev.herald.bench.bare;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Carries a publish to its channel's sinks: directly, or, given {@code -Dherald.redis.url}, through
 * Redis pub/sub as Herald's Redis mode does at the least: a {@code PUBLISH} answered before the
 * {@code 202}, one pub/sub connection per node subscribed to each channel with local sinks (a round
 * trip on the request thread, for a channel's first sink), and the message written to the sinks on
 * Lettuce's thread as it comes back. No history, no script, no hand-off to other threads: a write
 * that blocked there would hold up every channel, which only a floor whose readers all read can
 * afford (Herald hands its writes to delivery threads).
 */
@ApplicationScoped
public class Relay {

    @Inject
    Sinks sinks;

    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, String> commands;
    private StatefulRedisPubSubConnection<String, String> pubSub;

    @PostConstruct
    void start() {
        String url = System.getProperty("herald.redis.url");
        if (url == null) {
            return;
        }
        // The same thread counts as Herald's client resources.
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        client = RedisClient.create(resources, url);
        commands = client.connect();
        pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                int newline = message.indexOf('\n');
                sinks.send(channel, Long.parseLong(message, 0, newline, 10),
                        message.substring(newline + 1).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            pubSub.close();
            commands.close();
            client.shutdown();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Sends event {@code id} to the sinks of {@code channel}; in Redis mode, once Redis has taken it. */
    void publish(String channel, long id, byte[] data) {
        if (commands == null) {
            sinks.send(channel, id, data);
        } else {
            commands.sync().publish(channel, id + "\n" + new String(data, StandardCharsets.UTF_8));
        }
    }

    /** Called for a channel's first local sink, before it is counted open. */
    void subscribe(String channel) {
        if (pubSub != null) {
            pubSub.sync().subscribe(channel);
        }
    }

    /** Called as a channel's last local sink is let go. */
    void unsubscribe(String channel) {
        if (pubSub != null) {
            pubSub.async().unsubscribe(channel);
        }
    }
}
