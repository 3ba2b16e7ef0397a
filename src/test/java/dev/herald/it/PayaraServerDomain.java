package dev.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A Payara Server domain of its own (fresh directory, free ports), driven with asadmin. */
final class PayaraServerDomain implements ConsoleServer {

    private static final String DOMAIN = "herald-it";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    /** The ports a domain binds, as offsets from its port base: admin, http, https, IIOP, JMS, JMX, Hazelcast. */
    private static final int[] PORT_OFFSETS = {48, 80, 81, 37, 38, 39, 76, 86, 59};

    private final Path asadmin;
    private final Path domainDir;
    private final int portBase;

    private PayaraServerDomain(Path asadmin, Path domainDir, int portBase) {
        this.asadmin = asadmin;
        this.domainDir = domainDir;
        this.portBase = portBase;
    }

    /** Creates and starts a domain with these system properties. */
    static PayaraServerDomain start(Map<String, String> properties) {
        try {
            Path home = Path.of(System.getProperty("herald.it.payara-server.home"));
            PayaraServerDomain domain = new PayaraServerDomain(home.resolve("bin/asadmin"),
                    Files.createTempDirectory("herald-payara-domains-"), freePortBase());
            domain.asadmin(false, "create-domain", "--nopassword", "--portbase", Integer.toString(domain.portBase),
                    "--domaindir", domain.domainDir.toString(), DOMAIN);
            domain.asadmin(false, "start-domain", "--domaindir", domain.domainDir.toString(), DOMAIN);
            List<String> settings = new ArrayList<>();
            properties.forEach((key, value) -> settings.add(key + "=" + value));
            domain.asadmin(true, "create-system-properties", String.join(":", settings));
            return domain;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deploy(Path war) {
        asadmin(true, "deploy", "--contextroot", "herald", "--name", "herald", war.toString());
        ConsoleServer.awaitHealthAnswer(base());
    }

    @Override
    public void undeploy() {
        asadmin(true, "undeploy", "herald");
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + (portBase + 80) + "/herald/");
    }

    @Override
    public void close() {
        asadmin(false, "stop-domain", "--kill", "--domaindir", domainDir.toString(), DOMAIN);
    }

    private String asadmin(boolean remote, String... arguments) {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--interactive=false"));
        if (remote) {
            command.addAll(List.of("--port", Integer.toString(portBase + 48)));
        }
        command.addAll(List.of(arguments));
        // The JDK that runs the tests runs the server too.
        return ConsoleServer.run(command, Map.of("AS_JAVA", System.getProperty("java.home")), COMMAND_TIMEOUT);
    }

    private static int freePortBase() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(100, 320) * 100;
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no Payara port base with all of its ports free in 100 tries");
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(base + offset));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
