package dev.herald.subscriptions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.it.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockedWritesTest {

    private static final long THRESHOLD = TimeUnit.MILLISECONDS.toNanos(500);

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    private final BlockedWrites blocked = new BlockedWrites(pool, THRESHOLD, 1);
    private final CountDownLatch clientReads = new CountDownLatch(1);
    private final CountDownLatch writing = new CountDownLatch(1);

    @AfterEach
    void stop() {
        clientReads.countDown();
        pool.shutdownNow();
    }

    private void stalledWrite(BlockedWrites writes) {
        pool.execute(() -> writes.run(() -> {
            writing.countDown();
            try {
                return clientReads.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
    }

    @Test
    void aWriteBlockedPastTheThresholdGetsAThreadAddedSoThatOthersAreWritten() throws Exception {
        stalledWrite(blocked);
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        CountDownLatch healthyWritten = new CountDownLatch(1);
        pool.execute(() -> blocked.run(() -> {
            healthyWritten.countDown();
            return null;
        }));
        assertFalse(healthyWritten.await(100, TimeUnit.MILLISECONDS), "queued behind the blocked write (one thread)");
        assertEquals(0, blocked.replaceBlocked(System.nanoTime()), "not blocked for long yet");

        assertEquals(1, blocked.replaceBlocked(System.nanoTime() + THRESHOLD));
        assertTrue(healthyWritten.await(5, TimeUnit.SECONDS), "written by the added thread");
        assertEquals(2, pool.getCorePoolSize());
        assertEquals(0, blocked.replaceBlocked(System.nanoTime() + 2 * THRESHOLD), "one thread per blocked write, once");

        clientReads.countDown();
        // The writer gives its thread back just after its write returns, on its own thread.
        Await.until(Duration.ofSeconds(5), () -> pool.getCorePoolSize() == 1 && blocked.extraThreads() == 0,
                "the added thread given back");
        assertEquals(1, pool.getMaximumPoolSize());
    }

    @Test
    void noMoreThreadsAreAddedThanTheCap() throws Exception {
        BlockedWrites capped = new BlockedWrites(pool, THRESHOLD, 0);
        stalledWrite(capped);
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        assertEquals(0, capped.replaceBlocked(System.nanoTime() + THRESHOLD));
        assertEquals(1, pool.getCorePoolSize());
    }
}
