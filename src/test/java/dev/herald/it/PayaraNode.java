package dev.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Herald node as an operator runs it: {@code java -jar payara-micro.jar --deploy herald.war}
 * in its own process, so that tests can run several, kill one with SIGKILL and start it again.
 */
public final class PayaraNode implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    private PayaraNode(String name, int port, Map<String, String> properties, Path log) {
        this.name = name;
        this.port = port;
        this.properties = properties;
        this.log = log;
    }

    /** Starts a node with these {@code herald.*} system properties and waits until its health answers. */
    public static PayaraNode start(String name, Map<String, String> properties) {
        try {
            Path log = Files.createTempFile("herald-" + name + "-", ".log");
            PayaraNode node = new PayaraNode(name, RedisServer.freePort(), properties, log);
            node.launch();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts several nodes at once: their boots overlap, which saves most of the waiting. */
    public static List<PayaraNode> startAll(Map<String, String> properties, String... names) {
        List<PayaraNode> nodes = new ArrayList<>();
        try {
            for (String name : names) {
                Path log = Files.createTempFile("herald-" + name + "-", ".log");
                PayaraNode node = new PayaraNode(name, RedisServer.freePort(), properties, log);
                node.spawn();
                nodes.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            nodes.forEach(PayaraNode::awaitHealthAnswer);
        } catch (RuntimeException | AssertionError notUp) {
            // Nobody else holds these nodes yet: stop them all rather than leave processes behind.
            nodes.forEach(PayaraNode::close);
            throw notUp;
        }
        return nodes;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/herald/");
    }

    public URI api(String path) {
        return base().resolve("api/" + path);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts the process again on the same port, with the same settings. */
    public void launch() {
        spawn();
        awaitHealthAnswer();
    }

    private void spawn() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dherald.node-id=" + name);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", Integer.toString(port),
                "--contextroot", "herald", "--prebootcommandfile", "payara-config/pre-boot-commands.asadmin",
                "--deploy", System.getProperty("herald.war")));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthAnswer() {
        // HTTP/1.1: the default h2c upgrade of a request that timed out during boot could leave every later probe stuck.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Await.until(BOOT_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(api("health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200 || response.statusCode() == 503;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, "node " + name + " answers /api/health (log: " + log + ")");
    }

    /** The process's resident memory in KiB and its thread count, from /proc (Linux). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public ProcessFigures figures() {
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new ProcessFigures(rss, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node's resident memory and threads at one moment. */
    public record ProcessFigures(long rssKib, int threads) {}

    /** SIGTERM, as an operator's stop or an orchestrator's scale-down: waits until the process has exited. */
    public void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " did not stop within 60 s of SIGTERM; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crashed machine: no shutdown hook runs, no stream is closed cleanly. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
