package dev.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A three-master Redis Cluster on free local ports, owned by the test run. */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> masters = new ArrayList<>();

    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
        for (int i = 0; i < 3; i++) {
            cluster.masters.add(RedisServer.startClusterNode());
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        cluster.masters.forEach(master -> create.add("127.0.0.1:" + master.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(create);
        Await.until(Duration.ofSeconds(20), () -> cluster.masters.stream().allMatch(master ->
                run(List.of("redis-cli", "-p", Integer.toString(master.port()), "cluster", "info")).contains("cluster_state:ok")),
                "the cluster is ok on every master");
        return cluster;
    }

    /** The URL of one master; clients discover the rest. */
    public String url() {
        return "redis://127.0.0.1:" + masters.get(0).port();
    }

    /** Empties every master's script cache, as a restart or a new master would. */
    public void forgetScripts() {
        masters.forEach(master -> {
            String answer = run(List.of("redis-cli", "-p", Integer.toString(master.port()), "script", "flush"));
            if (!answer.strip().equals("OK")) {
                throw new IllegalStateException("SCRIPT FLUSH on " + master.port() + ": " + answer);
            }
        });
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        masters.forEach(RedisServer::close);
    }
}
