package dev.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} owned by the test run, on a free port and its own directory, never the
 * machine's 6379. It persists with an fsync'd append-only file, so a restart keeps every
 * acknowledged event, and it can be stopped, restarted, paused and resumed for fault tests.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final boolean durable;
    private final List<String> extraArguments;
    private Process process;

    private RedisServer(int port, Path directory, boolean durable, List<String> extraArguments) {
        this.port = port;
        this.directory = directory;
        this.durable = durable;
        this.extraArguments = extraArguments;
    }

    /** A server that keeps what it acknowledged across a crash: for the fault tests. */
    public static RedisServer start() {
        return start(true);
    }

    /** A server that keeps nothing on disk: for suites that never restart it. */
    public static RedisServer startEphemeral() {
        return start(false);
    }

    /** A node for a Redis Cluster, not yet joined to one (see {@link RedisCluster}). */
    public static RedisServer startClusterNode() {
        return start(false, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000"));
    }

    private static RedisServer start(boolean durable) {
        return start(durable, List.of());
    }

    private static RedisServer start(boolean durable, List<String> extraArguments) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("herald-redis-"), durable, extraArguments);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void startProcess() {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", durable ? "yes" : "no", "--appendfsync", "always",
                    "--dir", directory.toString()));
            command.addAll(extraArguments);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is needed for the tests (apt-get install redis-server)", e);
        }
        Await.until(Duration.ofSeconds(10), this::accepts, "redis-server on port " + port + " accepts connections");
    }

    /** Stops the server as a crash would (SIGKILL); its append-only file keeps what it acknowledged. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Stops the server cleanly. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    public void restart() {
        stop();
        startProcess();
    }

    /** SIGSTOP: the server holds its connections but answers nothing, like a stalled bus. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            resume();
            process.destroyForcibly();
            waitFor();
        }
    }
}
