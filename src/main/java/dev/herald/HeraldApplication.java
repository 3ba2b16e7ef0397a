package dev.herald;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * Herald's JAX-RS application: every HTTP endpoint lives under {@code BASE/api}.
 *
 * <p>Every resource is {@code @ApplicationScoped}: one instance, its request data passed as method
 * parameters. A resource made per request costs Jersey on Payara a reflective injection analysis of
 * its class under a lock shared by all request threads, every request. Measured on one machine,
 * alternating the two builds: single publishes 885/s before, 1,421/s after (bench/README.md, finding 12).
 */
@ApplicationPath("api")
public class HeraldApplication extends Application {

    /**
     * Jersey answers {@code OPTIONS} (and {@code GET application.wadl}) with a WADL description
     * of every resource, naming its own version: the API is public, but the server's make and
     * version are not Herald's to hand out. The property is a plain name, so no runtime class is
     * needed, and runtimes that do not know it ignore it.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
