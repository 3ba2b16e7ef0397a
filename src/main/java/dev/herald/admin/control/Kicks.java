package dev.herald.admin.control;

import dev.herald.bus.control.MessageBus;
import dev.herald.subscriptions.control.LongPolls;
import dev.herald.subscriptions.control.StreamSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Kicking a user: the command goes over the bus, and every node closes that user's streams and polls. */
@ApplicationScoped
public class Kicks {

    private static final Logger LOG = Logger.getLogger(Kicks.class.getName());
    private static final String KICK = "kick ";

    @Inject
    MessageBus bus;

    @Inject
    StreamSubscriptions streams;

    @Inject
    LongPolls polls;

    void listen(@Observes @Initialized(ApplicationScoped.class) Object started) {
        bus.onBroadcast(this::onCommand);
    }

    /** Asks every node to disconnect {@code user}. */
    public void kick(String user) {
        bus.broadcast(KICK + user);
    }

    private void onCommand(String command) {
        if (command.startsWith(KICK)) {
            String user = command.substring(KICK.length());
            int closed = streams.kick(user) + polls.kick(user);
            if (closed > 0) {
                LOG.info(() -> "kicked user " + user + ": " + closed + " connection(s) closed on this node");
            }
        }
    }
}
