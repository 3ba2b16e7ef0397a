package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every scenario shares: the server under test (address, context path, process id), the
 * selector loops, the local source addresses, tokens, and the admin stats.
 */
final class BenchEnv implements AutoCloseable {

    final String mode;
    final InetSocketAddress server;
    final String contextPath;
    final long serverPid;
    final Tokens tokens;
    final Map<String, String> options;
    final List<NioLoop> loops = new ArrayList<>();
    /** The publisher's own loop, so that reading thousands of streams never delays a publish. */
    final NioLoop publisherLoop = new NioLoop("bench-publisher");
    private final int sourceAddresses;
    private int nextSource;
    private int nextLoop;
    private final HttpClient control = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String adminToken;

    BenchEnv(String mode, URI base, long serverPid, String secret, int sourceAddresses, int loopCount,
            Map<String, String> options) {
        this.mode = mode;
        this.server = new InetSocketAddress(base.getHost(), base.getPort());
        this.contextPath = base.getPath().replaceAll("/$", "");
        this.serverPid = serverPid;
        this.tokens = new Tokens(secret);
        this.sourceAddresses = sourceAddresses;
        this.options = options;
        this.adminToken = tokens.admin();
        for (int i = 0; i < loopCount; i++) {
            loops.add(new NioLoop("bench-loop-" + i));
        }
    }

    int option(String name, int fallback) {
        String value = options.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    /** The server's GC log, when bench/run passed it ({@code --gc-log}). */
    Optional<Path> gcLog() {
        return Optional.ofNullable(options.get("gc-log")).map(Path::of);
    }

    /** The next local address of 127.0.0.1..N, in turn, with an ephemeral port. */
    synchronized InetSocketAddress nextSource() {
        int host = 1 + (nextSource++ % sourceAddresses);
        return new InetSocketAddress("127.0.0." + host, 0);
    }

    int sourceAddresses() {
        return sourceAddresses;
    }

    synchronized NioLoop nextLoop() {
        return loops.get(nextLoop++ % loops.size());
    }

    String path(String apiPath) {
        return contextPath + "/api" + apiPath;
    }

    String hostHeader() {
        return server.getHostString() + ":" + server.getPort();
    }

    /** {@code GET /api/admin/stats}: this node's figures. */
    JsonNode stats() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(
                            "http://" + hostHeader() + path("/admin/stats")))
                    .header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> response = control.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("admin stats unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Open streams and parked polls on the server, as its stats say. */
    int serverStreams() {
        return stats().path("connections").path("sse").asInt();
    }

    int serverPolls() {
        return stats().path("connections").path("poll").asInt();
    }

    @Override
    public void close() {
        loops.forEach(NioLoop::close);
        publisherLoop.close();
    }
}
