package dev.herald.store.control;

import java.time.Duration;

/**
 * How much history is kept: each channel at most {@code maxEvents} events younger than
 * {@code maxAge}, and a node's in-memory store at most {@code maxTotalEvents} across all its
 * channels, the oldest going first (else many channels' histories grow without bound).
 */
public record Retention(int maxEvents, Duration maxAge, long maxTotalEvents) {

    /** Per channel only (Redis bounds each stream itself). */
    public Retention(int maxEvents, Duration maxAge) {
        this(maxEvents, maxAge, Long.MAX_VALUE);
    }
}
