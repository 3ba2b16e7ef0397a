package dev.herald.admin.control;

import dev.herald.subscriptions.control.DeliveryThreads;
import dev.herald.subscriptions.control.LongPolls;
import dev.herald.subscriptions.control.StreamSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands this node's clients over before it goes, on undeploy and on SIGTERM alike: the node leaves
 * the cluster view, every stream gets a last retry hint and is closed, every parked poll is answered,
 * and the last writes get a moment to reach the clients. SIGTERM needs a shutdown hook of its own:
 * Payara Micro's hook unloads the application at once, and by the time CDI destroys the beans the
 * JAX-RS runtime is gone, so a poll could no longer be answered.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger(GracefulStop.class.getName());
    /** Long enough for the last frames and answers to be written, short of an orchestrator's usual 30 s grace. */
    static final Duration LAST_WRITES = Duration.ofSeconds(5);

    @Inject
    StatsReport report;

    @Inject
    StreamSubscriptions streams;

    @Inject
    LongPolls polls;

    @Inject
    StatsStreams statsStreams;

    @Inject
    DeliveryThreads threads;

    private boolean stopped;
    private final Thread onSigterm = new Thread(this::stop, "herald-graceful-stop");

    void watchForSigterm(@Observes @Initialized(ApplicationScoped.class) ServletContext started) {
        int loaded = OwnClasses.loadAll(started);
        LOG.fine(() -> "preloaded " + loaded + " classes for the hand-over");
        Runtime.getRuntime().addShutdownHook(onSigterm);
    }

    /** Before CDI destroys any bean, so that everything the hand-over needs is still there. */
    void undeploying(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        try {
            Runtime.getRuntime().removeShutdownHook(onSigterm);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to: stop() happens once either way
        }
        stop();
    }

    /**
     * Once; a second caller (Payara's own shutdown hook undeploying the app, CDI after the
     * {@link HandOverServlet}) waits until the first is done.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Polls first: their answers go through the JAX-RS runtime, which the server's own shutdown
        // takes down alongside this one; a stream's last frame is a plain write on its open response.
        int pollCount = step("answering parked polls", polls::answerAll);
        int streamCount = step("closing streams", streams::closeAll);
        step("closing the console's feeds", statsStreams::closeAll);
        step("leaving the cluster view", report::leave);
        boolean written = threads.finishWrites(LAST_WRITES);
        LOG.info(() -> "Node stopping: closed " + streamCount + " streams with a retry hint, answered " + pollCount
                + " parked polls, left the cluster view" + (written ? "" : "; some last writes did not finish in time"));
    }

    /** One step of the hand-over (its count); one that fails must not keep the later ones from running. */
    private static int step(String what, IntSupplier step) {
        try {
            return step.getAsInt();
        } catch (RuntimeException | LinkageError failure) {
            LOG.log(Level.WARNING, "Node stopping: " + what + " failed", failure);
            return 0;
        }
    }

    private static void step(String what, Runnable step) {
        step(what, () -> {
            step.run();
            return 0;
        });
    }
}
