package dev.herald.store.control;

/** The store or the bus behind it cannot take or give events right now; callers answer 503. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
