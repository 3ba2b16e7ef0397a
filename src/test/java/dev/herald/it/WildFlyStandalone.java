package dev.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A WildFly standalone server of its own (fresh server base, free port offset), driven with the CLI. */
final class WildFlyStandalone implements ConsoleServer {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final int offset;
    private final Process process;

    private WildFlyStandalone(Path home, int offset, Process process) {
        this.home = home;
        this.offset = offset;
        this.process = process;
    }

    /** Starts a server with these system properties and wildfly-config/herald.yml, as the README runs it. */
    static WildFlyStandalone start(Map<String, String> properties) {
        try {
            Path home = Path.of(System.getProperty("herald.it.wildfly.home"));
            Path base = Files.createTempDirectory("herald-wildfly-base-");
            copy(home.resolve("standalone"), base);
            int offset = WildFlyPortOffset.freeOffset();
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                    "--yaml=" + Path.of("wildfly-config/herald.yml").toAbsolutePath()));
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("console.log").toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            WildFlyStandalone server = new WildFlyStandalone(home, offset, builder.start());
            Await.until(Duration.ofSeconds(90), server::isRunning, "WildFly running (log: " + base + "/log/server.log)");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deploy(Path war) {
        cli("deploy " + war);
        ConsoleServer.awaitHealthAnswer(base());
    }

    @Override
    public void undeploy() {
        cli("undeploy " + "herald.war");
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/herald/");
    }

    @Override
    public void close() {
        try {
            cli(":shutdown");
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (AssertionError alreadyDown) {
            // the CLI may lose its connection as the server goes: the process is ended below either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }

    private boolean isRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException("WildFly exited");
        }
        try {
            return cli(":read-attribute(name=server-state)").contains("running");
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private String cli(String command) {
        return ConsoleServer.run(List.of(home.resolve("bin/jboss-cli.sh").toString(),
                "--controller=127.0.0.1:" + (9990 + offset), "--connect", "--command=" + command),
                Map.of("JAVA_HOME", System.getProperty("java.home")), COMMAND_TIMEOUT);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
