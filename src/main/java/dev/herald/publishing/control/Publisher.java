package dev.herald.publishing.control;

import dev.herald.admin.control.NodeStats;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.store.control.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Accepts notifications: stamps them, and appends each to its channel's history and the bus in one step. */
@ApplicationScoped
public class Publisher {

    @Inject
    EventStore store;

    @Inject
    NodeStats stats;

    public Envelope publish(Notification notification) {
        long start = System.nanoTime();
        Envelope envelope = store.append(notification.channel(), body(notification, System.currentTimeMillis()));
        stats.recordPublish(System.nanoTime() - start);
        stats.countPublished(1);
        return envelope;
    }

    public List<Envelope> publishAll(List<Notification> notifications) {
        long now = System.currentTimeMillis();
        List<EventStore.Draft> drafts = notifications.stream()
                .map(notification -> new EventStore.Draft(notification.channel(), body(notification, now)))
                .toList();
        List<Envelope> envelopes = store.appendAll(drafts);
        stats.countPublished(envelopes.size());
        return envelopes;
    }

    private static EnvelopeBody body(Notification notification, long timestamp) {
        return EnvelopeBody.of(notification.channel(), notification.type(), timestamp, notification.data());
    }
}
