package dev.herald.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Thousands of EventSource clients reconnecting at the same moment with a {@code Last-Event-ID},
 * as after a node or a load balancer went away: plain sockets (HTTP/1.0, so the stream is not
 * chunked), each kept open once answered, so that all of them are held at once.
 */
final class ReconnectStorm implements AutoCloseable {

    /** What one client saw: the status, the headers (lower-case names) and, for a stream, the replayed ids. */
    record Reply(int status, Map<String, String> headers, List<String> ids, String body) {}

    private static final int CONNECTING_THREADS = 64;

    private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Reply>> replies = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_THREADS);
    private final int expectedReplay;

    private ReconnectStorm(int expectedReplay) {
        this.expectedReplay = expectedReplay;
    }

    /** Starts {@code clients} reconnections of {@code events}, client i with {@code tokens.apply(i)}, all resuming after {@code lastEventId}. */
    static ReconnectStorm against(URI events, int clients, IntFunction<String> tokens, String lastEventId, int expectedReplay) {
        ReconnectStorm storm = new ReconnectStorm(expectedReplay);
        for (int i = 0; i < clients; i++) {
            String token = tokens.apply(i);
            storm.replies.add(CompletableFuture.supplyAsync(() -> storm.reconnect(events, token, lastEventId), storm.pool));
        }
        return storm;
    }

    private Reply reconnect(URI events, String token, String lastEventId) {
        try {
            Socket socket = new Socket(events.getHost(), events.getPort());
            sockets.add(socket);
            socket.setSoTimeout(30_000);
            String request = "GET " + events.getRawPath() + " HTTP/1.0\r\nHost: " + events.getHost() + ":" + events.getPort()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\nLast-Event-ID: " + lastEventId
                    + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            if (status != 200) {
                return new Reply(status, headers, List.of(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            List<String> ids = new ArrayList<>();
            SseParser parser = new SseParser(event -> {
                if (event.idField() != null) {
                    ids.add(event.idField());
                }
            }, comment -> { });
            byte[] buffer = new byte[4096];
            while (ids.size() < expectedReplay) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                parser.feed(buffer, 0, read);
            }
            return new Reply(status, headers, List.copyOf(ids), "");
        } catch (IOException e) {
            return new Reply(-1, Map.of(), List.of(), e.toString());
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Every client's reply, once all have one (or the timeout passed: then a failure). */
    List<Reply> replies(Duration timeout) throws Exception {
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return replies.stream().map(CompletableFuture::join).toList();
    }

    /** Drops every connection, as the clients' tabs closing would. */
    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
