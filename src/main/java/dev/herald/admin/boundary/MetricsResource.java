package dev.herald.admin.boundary;

import dev.herald.admin.control.NodeStats;
import dev.herald.admin.control.StatsReport;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /api/metrics}: the node's figures in the Prometheus text format, for admins. */
@ApplicationScoped
@Path("metrics")
public class MetricsResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    StatsReport report;

    @Inject
    NodeStats stats;

    @GET
    @Produces(PROMETHEUS_TEXT)
    public String metrics(@Context SecurityContext security) {
        Access.requireRole(security, Caller.ADMIN);
        StatsReport.Node node = report.node();
        String labels = "{node=\"" + node.node().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        StringBuilder text = new StringBuilder();
        gauge(text, "herald_connections_sse", "Open SSE streams.", labels, node.connections().sse());
        gauge(text, "herald_connections_poll", "Parked long-polls.", labels, node.connections().poll());
        gauge(text, "herald_channels", "Channels with a subscriber on this node.", labels, node.channels());
        counter(text, "herald_events_published_total", "Events accepted by this node.", labels, node.events().published());
        counter(text, "herald_events_delivered_total", "Events written to subscribers.", labels, node.events().delivered());
        counter(text, "herald_events_dropped_total", "Events dropped with slow subscribers.", labels, node.events().dropped());
        gauge(text, "herald_bus_up", "1 when the bus is reachable.", labels, "UP".equals(node.bus().status()) ? 1 : 0);
        gauge(text, "herald_uptime_seconds", "Seconds since this node started.", labels, node.uptimeMs() / 1000);
        stats.deliveryLatency().appendPrometheus(text, "herald_delivery_latency_seconds",
                "From acceptance of an event to its write to a subscriber (millisecond resolution).", labels);
        stats.publishDuration().appendPrometheus(text, "herald_publish_duration_seconds",
                "Time to accept one publish: store and hand to the bus.", labels);
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, String labels, long value) {
        metric(text, name, "gauge", help, labels, value);
    }

    private static void counter(StringBuilder text, String name, String help, String labels, long value) {
        metric(text, name, "counter", help, labels, value);
    }

    private static void metric(StringBuilder text, String name, String type, String help, String labels, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(labels).append(' ').append(value).append('\n');
    }
}
