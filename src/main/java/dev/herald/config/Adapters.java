package dev.herald.config;

import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.bus.control.MessageBus;
import dev.herald.redis.RedisEventStore;
import dev.herald.redis.RedisMessageBus;
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

    private MessageBus bus;
    private EventStore store;

    @PostConstruct
    void choose() {
        if (config.redisUrl().isPresent()) {
            bus = redisBus.get();
            store = redisStore.get();
            return;
        }
        InMemoryMessageBus memoryBus = new InMemoryMessageBus();
        bus = memoryBus;
        store = new InMemoryEventStore(memoryBus, retention(), Clock.systemUTC());
    }

    private Retention retention() {
        return new Retention(config.historyMaxEvents(), Duration.ofSeconds(config.historyMaxAgeSeconds()));
    }

    @Produces
    MessageBus bus() {
        return bus;
    }

    @Produces
    EventStore store() {
        return store;
    }
}
