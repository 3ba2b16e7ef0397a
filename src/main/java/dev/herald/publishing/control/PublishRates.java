package dev.herald.publishing.control;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per publisher (the token's subject) on this node: {@code herald.limits.publish-per-second}
 * events per second, up to {@code herald.limits.publish-burst} at once; over it a publish is a 429.
 * A publish is let in while its bucket is not empty and takes one token per event, so a batch
 * larger than what is left is accepted whole and leaves a debt that the next publishes wait out.
 */
@ApplicationScoped
public class PublishRates {

    /** Buckets kept before full (idle) ones are forgotten: a full bucket is the same as none. */
    static final int MAX_BUCKETS = 10_000;

    @Inject
    HeraldConfig config;

    LongSupplier nanoClock = System::nanoTime;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Lets {@code events} events from {@code publisher} through, or throws a 429 problem with {@code Retry-After}. */
    public void admit(String publisher, int events) {
        int perSecond = config.publishPerSecond();
        if (perSecond == 0 || events <= 0) {
            return;
        }
        int burst = config.publishBurst();
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFull(now, perSecond, burst));
        }
        Bucket bucket = buckets.computeIfAbsent(publisher, key -> new Bucket(burst, now));
        long waitNanos = bucket.take(events, now, perSecond, burst);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
            throw Problem.tooManyRequests("This publisher sends more than " + perSecond
                    + " events per second (herald.limits.publish-per-second); retry after the Retry-After seconds.",
                    (int) Math.min(Integer.MAX_VALUE, seconds));
        }
    }

    int bucketCount() {
        return buckets.size();
    }

    /** Tokens left (negative: a debt) and when they were last refilled. */
    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** Takes {@code events} tokens and answers 0, or answers how long until the bucket is no longer empty. */
        synchronized long take(int events, long now, int perSecond, int burst) {
            refill(now, perSecond, burst);
            if (tokens <= 0) {
                double missing = 1 - tokens;
                return (long) Math.ceil(missing * TimeUnit.SECONDS.toNanos(1) / perSecond);
            }
            tokens -= events;
            return 0;
        }

        synchronized boolean isFull(long now, int perSecond, int burst) {
            refill(now, perSecond, burst);
            return tokens >= burst;
        }

        private void refill(long now, int perSecond, int burst) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + (double) elapsed * perSecond / TimeUnit.SECONDS.toNanos(1));
                refilledAt = now;
            }
        }
    }
}
