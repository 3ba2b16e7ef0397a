package dev.herald.config;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The one JSON-B instance the runtime writes Herald's entities with (a publish's {@code 202}, a batch's
 * ids). Without it RESTEasy builds a new {@code Jsonb} for every response: a ServiceLoader lookup of the
 * provider and a fresh Yasson context, whose CDI lookup fails through exceptions. Profiled on WildFly at
 * 36% of the server's CPU in a run of single publishes (bench/README.md, finding 22). Jersey asks the
 * same resolver and already kept one instance; {@code Jsonb} is thread-safe, so Herald's own JSON-B
 * writes (the stats) use it too.
 */
@Provider
public class SharedJsonb implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    public static Jsonb jsonb() {
        return JSONB;
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
