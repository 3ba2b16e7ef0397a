package dev.herald.redis;

import dev.herald.store.control.StoreUnavailableException;

/** Redis cannot be reached, did not answer in time, or refused the command. */
public class RedisUnavailableException extends StoreUnavailableException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
