package dev.herald.admin.control;

import dev.herald.bus.control.MessageBus;
import dev.herald.config.HeraldConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.logging.Logger;

/** Says once, at deployment, what this node is; and in dev mode, loudly, that anyone may do anything. */
@ApplicationScoped
public class StartupLog {

    private static final Logger LOG = Logger.getLogger("dev.herald");

    @Inject
    HeraldConfig config;

    @Inject
    MessageBus bus;

    @Inject
    NodeStats stats;

    void started(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        LOG.info(() -> "Herald started: node " + stats.nodeId() + ", bus " + bus.status().type()
                + ", heartbeat " + config.heartbeatSeconds() + " s, history " + config.historyMaxEvents() + " events");
        if (config.devMode()) {
            String api = context.getContextPath() + "/api";
            LOG.warning("""

                    ************************************************************************
                    *  HERALD IS IN DEV MODE (herald.dev-mode=true): requests without a    *
                    *  token are let in with every right. Never run it like this in        *
                    *  production.                                                         *
                    ************************************************************************
                    Base URL:   http://localhost:<port>%s   (the README's run command: http://localhost:8080%s)
                    Demo token: curl 'http://localhost:8080%s/dev/token?sub=alice'
                    Subscribe:  curl -N 'http://localhost:8080%s/users/alice/events?access_token=<token>'
                    """.formatted(api, api, api, api));
        }
    }
}
