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
     * Properties for Jersey, by their plain names: no runtime class is needed, and runtimes that do
     * not know them ignore them.
     *
     * <ul>
     *   <li>No WADL: Jersey answers {@code OPTIONS} (and {@code GET application.wadl}) with a
     *       description of every resource, naming its own version. The API is public, but the
     *       server's make and version are not Herald's to hand out.
     *   <li>A 1 KiB content-length buffer, where Jersey's default is 8 KiB: Jersey makes that buffer
     *       for every answer, to give it a {@code Content-Length} when it fits, and a publish's
     *       {@code 202} is a few dozen bytes. By JFR's samples the 8 KiB buffers were 11% of the
     *       bytes a node allocated under 1,000 publishes a second (bench/README.md, finding 36).
     *       Every {@code 202} and every problem still fits; a larger answer, such as a poll's many
     *       events, goes out chunked.
     * </ul>
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,
                "jersey.config.server.contentLength.buffer", 1024);
    }
}
