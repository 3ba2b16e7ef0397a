package dev.herald.redis;

import dev.herald.store.control.StoreUnavailableException;

/** Redis cannot be reached or did not answer in time. */
public class RedisUnavailableException extends StoreUnavailableException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
