package dev.herald.admin.control;

import dev.herald.bus.control.BusStatus;
import dev.herald.bus.control.MessageBus;
import dev.herald.config.JsonObjects;
import dev.herald.config.SharedJsonb;
import dev.herald.store.control.StoreUnavailableException;
import dev.herald.subscriptions.control.ChannelRegistry;
import dev.herald.subscriptions.control.DeliveryThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's figures as the admin API reports them, and the cluster's: each node announces its
 * figures every {@value #ANNOUNCE_MILLIS} ms to the {@link NodeDirectory}, valid for three periods.
 */
@ApplicationScoped
public class StatsReport {

    private static final Logger LOG = Logger.getLogger(StatsReport.class.getName());
    static final long ANNOUNCE_MILLIS = 2000;

    @Inject
    NodeStats stats;

    @Inject
    ChannelRegistry registry;

    @Inject
    MessageBus bus;

    @Inject
    NodeDirectory directory;

    @Inject
    DeliveryThreads threads;

    private final Jsonb jsonb = SharedJsonb.jsonb();
    private volatile ScheduledFuture<?> announcing;

    /** The figures of one node, as {@code GET /api/admin/stats} shows them, plus the cluster's. */
    public record Report(String node, Connections connections, int channels, Events events, Bus bus, long startedAt,
            long uptimeMs, Cluster cluster) {}

    /** One node's figures as it announces them. */
    public record Node(String node, Connections connections, int channels, Events events, Bus bus, long startedAt,
            long uptimeMs) {}

    public record Connections(int sse, int poll) {}

    public record Events(long published, long delivered, long dropped) {}

    public record Bus(String type, String status) {}

    /** Every live node's figures and their sums. */
    public record Cluster(int size, Connections connections, Events events, List<JsonObject> nodes) {}

    void startAnnouncing(@Observes @Initialized(ApplicationScoped.class) Object started) {
        announcing = threads.timers().scheduleAtFixedRate(this::announce, 0, ANNOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void announce() {
        try {
            directory.announce(stats.nodeId(), jsonb.toJson(node()), 3 * ANNOUNCE_MILLIS);
        } catch (RuntimeException unavailable) {
            // Never let it escape: a periodic task that throws is never run again.
            LOG.log(Level.FINE, "cannot announce this node now", unavailable);
        }
    }

    /** Takes this node out of the cluster view at once, rather than when its entry expires. */
    void leave() {
        if (announcing != null) {
            // An announcement after the withdrawal would put the node back for another six seconds.
            announcing.cancel(false);
        }
        try {
            directory.withdraw(stats.nodeId());
        } catch (RuntimeException unavailable) {
            LOG.log(Level.FINE, "cannot withdraw this node; its entry expires by itself", unavailable);
        }
    }

    public Node node() {
        BusStatus busStatus = bus.status();
        return new Node(
                stats.nodeId(),
                new Connections(stats.streams(), stats.polls()),
                registry.channels(),
                new Events(stats.published(), stats.delivered(), stats.dropped()),
                new Bus(busStatus.type(), busStatus.state()),
                stats.startedAtMillis(),
                System.currentTimeMillis() - stats.startedAtMillis());
    }

    public Report report() {
        Node node = node();
        return new Report(node.node(), node.connections(), node.channels(), node.events(), node.bus(),
                node.startedAt(), node.uptimeMs(), cluster(node));
    }

    private Cluster cluster(Node self) {
        List<Entry> entries = new ArrayList<>();
        try (JsonReader reader = JsonObjects.reader(new StringReader(jsonb.toJson(self)))) {
            entries.add(new Entry(reader.readObject(), self.connections(), self.events()));
        }
        try {
            for (String json : directory.liveNodes()) {
                Entry.read(json).filter(other -> !self.node().equals(other.json().getString("node", ""))).ifPresent(entries::add);
            }
        } catch (StoreUnavailableException unavailable) {
            LOG.log(Level.FINE, "the cluster view needs the bus; showing this node only", unavailable);
        }
        int sse = 0;
        int poll = 0;
        long published = 0;
        long delivered = 0;
        long dropped = 0;
        for (Entry entry : entries) {
            sse += entry.connections().sse();
            poll += entry.connections().poll();
            published += entry.events().published();
            delivered += entry.events().delivered();
            dropped += entry.events().dropped();
        }
        return new Cluster(entries.size(), new Connections(sse, poll), new Events(published, delivered, dropped),
                entries.stream().map(Entry::json).toList());
    }

    /** A node's entry in the cluster view with the figures this version sums. */
    private record Entry(JsonObject json, Connections connections, Events events) {

        /**
         * Another node's entry, if this version can read its figures: one written by a different
         * version (a rolling upgrade) or corrupted must not take the whole cluster view down.
         */
        static Optional<Entry> read(String text) {
            try (JsonReader reader = JsonObjects.reader(new StringReader(text))) {
                JsonObject json = reader.readObject();
                JsonObject connections = json.getJsonObject("connections");
                JsonObject events = json.getJsonObject("events");
                return Optional.of(new Entry(json, new Connections(connections.getInt("sse"), connections.getInt("poll")),
                        new Events(events.getJsonNumber("published").longValue(), events.getJsonNumber("delivered").longValue(),
                                events.getJsonNumber("dropped").longValue())));
            } catch (RuntimeException unreadable) {
                LOG.log(Level.FINE, "leaving out a cluster entry this node cannot read", unreadable);
                return Optional.empty();
            }
        }
    }
}
