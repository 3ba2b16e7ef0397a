package dev.herald.admin.control;

/** This node's figures over JMX, for the servers' consoles, JConsole and monitoring agents. */
public interface HeraldNodeMXBean {

    String getNodeId();

    int getSseConnections();

    int getPollConnections();

    int getChannels();

    long getEventsPublished();

    long getEventsDelivered();

    long getEventsDropped();

    String getBusType();

    boolean isBusUp();

    long getUptimeSeconds();

    long getDeliveryLatencyP99Micros();
}
