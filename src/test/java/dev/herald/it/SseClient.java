package dev.herald.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An SSE subscriber over a real socket that parses the stream as a browser does. */
public final class SseClient implements AutoCloseable {

    /** A comment line and when it arrived. */
    public record Comment(String text, long receivedAtNanos) {}


    private final HttpResponse<InputStream> response;
    private final SseParser parser;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final List<SseEvent> received = new CopyOnWriteArrayList<>();
    private final List<Comment> comments = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closedByClient;
    private volatile String body;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.parser = new SseParser(event -> {
            received.add(event);
            events.add(event);
        }, text -> comments.add(new Comment(text, System.nanoTime())));
    }

    /** Sends the GET and returns once the response headers are in; the body is read on a thread of its own. */
    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            // A client of its own, as a browser gives each EventSource its own connection: the JDK's
            // pool would otherwise hand a closed stream's connection to the next request.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            SseClient client = new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
            client.startReading();
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens with a bearer token and, when given, a {@code Last-Event-ID}. */
    public static SseClient open(URI uri, String token, String lastEventId) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return open(uri, headers);
    }

    private void startReading() {
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            ended.countDown();
            return;
        }
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    parser.feed(buffer, 0, n);
                }
            } catch (IOException endedByEitherSide) {
                // the stream ended: by the server, the network, or close()
            } finally {
                ended.countDown();
            }
        }, "sse-client " + response.uri());
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The body of a non-200 answer. */
    public String body() {
        return body;
    }

    /** The next event, waiting up to {@code timeout}; fails when none comes. */
    public SseEvent next(Duration timeout) {
        try {
            SseEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout + " on " + response.uri());
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Takes events until one matches, within {@code timeout}; returns it. */
    public SseEvent awaitEvent(Predicate<SseEvent> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseEvent event = next(Duration.ofNanos(Math.max(1, left)));
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** Takes the next {@code count} events with an id (envelopes), skipping frames such as connected. */
    public List<SseEvent> nextEnvelopes(int count, Duration timeout) {
        List<SseEvent> envelopes = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (envelopes.size() < count) {
            SseEvent event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.idField() != null) {
                envelopes.add(event);
            }
        }
        return envelopes;
    }

    /** Whether an event arrives within {@code window} (for proving that none does). */
    public boolean anyEventWithin(Duration window) {
        try {
            return events.poll(window.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public List<SseEvent> received() {
        return List.copyOf(received);
    }

    public List<Comment> comments() {
        return List.copyOf(comments);
    }

    /**
     * What a browser would send as {@code Last-Event-ID} on reconnecting (set at every dispatch, even
     * of a frame with no data); null while no id has been received.
     */
    public String lastEventId() {
        String id = parser.lastEventId();
        return id.isEmpty() ? null : id;
    }

    /** The reconnection time the stream set with {@code retry:}, null while it has set none. */
    public Long reconnectionTime() {
        return parser.reconnectionTime();
    }

    /** Waits until the stream ends; false if it is still open after {@code timeout}. */
    public boolean awaitEnd(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isEnded() {
        return ended.getCount() == 0;
    }

    /** Waits until the server (or the network) ends the stream; false if it is still open after {@code timeout}. */
    public boolean awaitClosed(Duration timeout) {
        return awaitEnd(timeout) && !closedByClient;
    }

    /** Whether the stream has ended other than by {@link #close()}. */
    public boolean isClosedByServer() {
        return isEnded() && !closedByClient;
    }

    /** Drops the TCP connection, as a closed tab would: the server sees the client vanish. */
    @Override
    public void close() {
        closedByClient = true;
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
