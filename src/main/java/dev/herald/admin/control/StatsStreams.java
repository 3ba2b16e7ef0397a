package dev.herald.admin.control;

import dev.herald.config.SharedJsonb;
import dev.herald.subscriptions.control.DeliveryThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The admin console's live feed: every second, the cluster's figures as an SSE {@code stats} event. */
@ApplicationScoped
public class StatsStreams {

    private static final Logger LOG = Logger.getLogger(StatsStreams.class.getName());
    static final long PERIOD_MILLIS = 1000;

    @Inject
    StatsReport report;

    @Inject
    DeliveryThreads threads;

    private final Map<SseEventSink, Sse> watchers = new ConcurrentHashMap<>();
    private final Jsonb jsonb = SharedJsonb.jsonb();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Gathered on a delivery thread: the cluster's figures are a Redis read, and a slow Redis must
        // not hold up the shared timer thread (heartbeats, token deadlines) for its time-out.
        threads.timers().scheduleAtFixedRate(() -> threads.writers().execute(this::push), PERIOD_MILLIS, PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    public void watch(SseEventSink sink, Sse sse) {
        watchers.put(sink, sse);
        send(sink, sse, jsonb.toJson(report.report()));
    }

    private void push() {
        if (watchers.isEmpty()) {
            return;
        }
        try {
            String json = jsonb.toJson(report.report());
            // One write task per console: a console whose reader stalls must not hold up the others.
            watchers.forEach((sink, sse) -> threads.writers().execute(() -> send(sink, sse, json)));
        } catch (RuntimeException failure) {
            // Never let it escape: a periodic task that throws is never run again, and every console's
            // figures would freeze while its feed still looked live. The next second retries.
            LOG.log(Level.WARNING, "the console's figures could not be sent this second", failure);
        }
    }

    private void send(SseEventSink sink, Sse sse, String json) {
        try {
            sink.send(sse.newEventBuilder().name("stats").mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, json).build())
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            drop(sink);
                        }
                    });
        } catch (RuntimeException gone) {
            drop(sink);
        }
    }

    private void drop(SseEventSink sink) {
        watchers.remove(sink);
        try {
            sink.close();
        } catch (RuntimeException alreadyClosed) {
            // nothing left to release
        }
    }

    void closeAll() {
        watchers.keySet().forEach(this::drop);
    }
}
