package dev.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread: socket readiness, tasks handed over from other threads, and timers. Every
 * connection lives on one loop and is touched only by its thread, so connections need no locks.
 */
final class NioLoop implements AutoCloseable {

    /** Something registered on the selector. */
    interface Handler {
        void ready(SelectionKey key, long nowNanos);
    }

    private record Timer(long atNanos, long order, Runnable task) {}

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            (a, b) -> a.atNanos != b.atNanos ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.order, b.order));
    // One read buffer per loop: a connection parses what it read before the loop reads the next one.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private long timerOrder;
    private volatile boolean running = true;

    NioLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on this loop at {@code atNanos} ({@link System#nanoTime}); only from the loop's thread. */
    void schedule(long atNanos, Runnable task) {
        timers.add(new Timer(atNanos, timerOrder++, task));
    }

    private void run() {
        while (running) {
            try {
                long waitMillis = 100;
                Timer next = timers.peek();
                if (next != null) {
                    waitMillis = TimeUnit.NANOSECONDS.toMillis(next.atNanos - System.nanoTime());
                }
                if (!tasks.isEmpty() || waitMillis <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(waitMillis);
                }
                long now = System.nanoTime();
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    if (key.isValid()) {
                        ((Handler) key.attachment()).ready(key, now);
                    }
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                long timersNow = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().atNanos <= timersNow) {
                    timers.poll().task.run();
                }
            } catch (IOException | RuntimeException failure) {
                // One broken handler must not stop the loop (and every connection on it).
                failure.printStackTrace();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
