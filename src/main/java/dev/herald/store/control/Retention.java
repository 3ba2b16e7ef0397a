package dev.herald.store.control;

import java.time.Duration;

/** How much history each channel keeps: at least {@code maxEvents} events that are younger than {@code maxAge}. */
public record Retention(int maxEvents, Duration maxAge) {}
