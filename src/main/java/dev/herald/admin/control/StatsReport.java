package dev.herald.admin.control;

import dev.herald.bus.control.BusStatus;
import dev.herald.bus.control.MessageBus;
import dev.herald.subscriptions.control.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Assembles this node's figures as the admin API reports them. */
@ApplicationScoped
public class StatsReport {

    @Inject
    NodeStats stats;

    @Inject
    ChannelRegistry registry;

    @Inject
    MessageBus bus;

    /** The figures of one node, as {@code GET /api/admin/stats} shows them. */
    public record Node(
            String node, Connections connections, int channels, Events events, Bus bus, long startedAt, long uptimeMs) {}

    public record Connections(int sse, int poll) {}

    public record Events(long published, long delivered, long dropped) {}

    public record Bus(String type, String status) {}

    public Node node() {
        BusStatus busStatus = bus.status();
        long now = System.currentTimeMillis();
        return new Node(
                stats.nodeId(),
                new Connections(stats.streams(), stats.polls()),
                registry.channels(),
                new Events(stats.published(), stats.delivered(), stats.dropped()),
                new Bus(busStatus.type(), busStatus.state()),
                stats.startedAtMillis(),
                now - stats.startedAtMillis());
    }
}
