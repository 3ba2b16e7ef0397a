package dev.herald.config;

import dev.herald.admin.control.InMemoryNodeDirectory;
import dev.herald.admin.control.NodeDirectory;
import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.bus.control.MessageBus;
import dev.herald.redis.RedisEventStore;
import dev.herald.redis.RedisMessageBus;
import dev.herald.redis.RedisNodeDirectory;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.InMemoryEventStore;
import dev.herald.store.control.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/** Chooses the bus and store adapters by configuration: Redis when {@code herald.redis.url} is set, else in memory. */
@ApplicationScoped
public class Adapters {

    @Inject
    HeraldConfig config;

    @Inject
    Instance<RedisMessageBus> redisBus;

    @Inject
    Instance<RedisEventStore> redisStore;

    @Inject
    Instance<RedisNodeDirectory> redisDirectory;

    private MessageBus bus;
    private EventStore store;
    private NodeDirectory directory;

    @PostConstruct
    void choose() {
        if (config.redisUrl().isPresent()) {
            bus = redisBus.get();
            store = redisStore.get();
            directory = redisDirectory.get();
            return;
        }
        InMemoryMessageBus memoryBus = new InMemoryMessageBus();
        bus = memoryBus;
        store = new InMemoryEventStore(memoryBus, retention(), Clock.systemUTC());
        directory = new InMemoryNodeDirectory();
    }

    private Retention retention() {
        return new Retention(config.historyMaxEvents(), Duration.ofSeconds(config.historyMaxAgeSeconds()),
                config.historyMaxTotalEvents());
    }

    @Produces
    MessageBus bus() {
        return bus;
    }

    @Produces
    EventStore store() {
        return store;
    }

    @Produces
    NodeDirectory directory() {
        return directory;
    }
}
