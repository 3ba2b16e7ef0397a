package dev.herald.publishing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishRatesTest {

    private long nanos = 1_000_000_000L;

    @AfterEach
    void clear() {
        System.clearProperty("herald.limits.publish-per-second");
        System.clearProperty("herald.limits.publish-burst");
    }

    private PublishRates rates(int perSecond, int burst) {
        System.setProperty("herald.limits.publish-per-second", Integer.toString(perSecond));
        System.setProperty("herald.limits.publish-burst", Integer.toString(burst));
        PublishRates rates = new PublishRates();
        rates.config = new HeraldConfig();
        rates.nanoClock = () -> nanos;
        return rates;
    }

    private void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static int refusedRetryAfter(Runnable publish) {
        Problem refused = assertThrows(Problem.class, publish::run);
        assertEquals(429, refused.getResponse().getStatus());
        return Integer.parseInt(refused.getResponse().getHeaderString("Retry-After"));
    }

    @Test
    void aPublisherGetsItsBurstAtOnceThen429UntilTheBucketRefills() {
        PublishRates rates = rates(10, 5);
        for (int i = 0; i < 5; i++) {
            rates.admit("app", 1);
        }
        assertEquals(1, refusedRetryAfter(() -> rates.admit("app", 1)));
        advanceMillis(100);
        rates.admit("app", 1);
        assertEquals(1, refusedRetryAfter(() -> rates.admit("app", 1)));
    }

    @Test
    void publishersHaveABucketEach() {
        PublishRates rates = rates(1, 1);
        rates.admit("one", 1);
        rates.admit("two", 1);
        refusedRetryAfter(() -> rates.admit("one", 1));
    }

    @Test
    void aBatchLargerThanWhatIsLeftIsAcceptedWholeAndItsDebtWaitedOut() {
        PublishRates rates = rates(100, 100);
        rates.admit("app", 500);
        assertEquals(5, refusedRetryAfter(() -> rates.admit("app", 1)), "a debt of 400 events at 100 per second");
        advanceMillis(4000);
        assertEquals(1, refusedRetryAfter(() -> rates.admit("app", 1)));
        advanceMillis(1000);
        rates.admit("app", 1);
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurst() {
        PublishRates rates = rates(1000, 10);
        advanceMillis(60_000);
        for (int i = 0; i < 10; i++) {
            rates.admit("app", 1);
        }
        refusedRetryAfter(() -> rates.admit("app", 1));
    }

    @Test
    void zeroIsNoLimit() {
        PublishRates rates = rates(0, 1);
        for (int i = 0; i < 100_000; i++) {
            rates.admit("app", 500);
        }
        assertEquals(0, rates.bucketCount());
    }

    @Test
    void fullBucketsAreForgottenOnceThereAreMany() {
        PublishRates rates = rates(1000, 1000);
        for (int i = 0; i <= PublishRates.MAX_BUCKETS; i++) {
            rates.admit("app-" + i, 1);
        }
        advanceMillis(10);
        rates.admit("one-more", 1);
        assertEquals(1, rates.bucketCount(), "only the newest, the refilled ones were dropped");
    }
}
