package dev.herald.admin.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers {@link HeraldNodeMXBean} as {@code dev.herald:type=Node,context=<context root>} while the app is deployed. */
@ApplicationScoped
public class JmxRegistration {

    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());

    @Inject
    StatsReport report;

    @Inject
    NodeStats stats;

    private ObjectName name;

    void register(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        try {
            String root = context.getContextPath().isEmpty() ? "ROOT" : context.getContextPath().substring(1);
            name = new ObjectName("dev.herald:type=Node,context=" + ObjectName.quote(root));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new Figures(), name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not register Herald's MBean", e);
        }
    }

    @PreDestroy
    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.FINE, "MBean already gone", e);
        }
    }

    /** Reads the live figures on each call. */
    private final class Figures implements HeraldNodeMXBean {

        @Override
        public String getNodeId() {
            return stats.nodeId();
        }

        @Override
        public int getSseConnections() {
            return stats.streams();
        }

        @Override
        public int getPollConnections() {
            return stats.polls();
        }

        @Override
        public int getChannels() {
            return report.node().channels();
        }

        @Override
        public long getEventsPublished() {
            return stats.published();
        }

        @Override
        public long getEventsDelivered() {
            return stats.delivered();
        }

        @Override
        public long getEventsDropped() {
            return stats.dropped();
        }

        @Override
        public String getBusType() {
            return report.node().bus().type();
        }

        @Override
        public boolean isBusUp() {
            return "UP".equals(report.node().bus().status());
        }

        @Override
        public long getUptimeSeconds() {
            return (System.currentTimeMillis() - stats.startedAtMillis()) / 1000;
        }

        @Override
        public long getDeliveryLatencyP99Micros() {
            return stats.deliveryLatency().percentileMicros(99);
        }
    }
}
