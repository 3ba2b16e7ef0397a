package dev.herald.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: any bytes in the
 * request target, header values and body. One request per connection ({@code Connection: close});
 * an event stream is read until enough events have arrived.
 */
public final class RawHttp {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /** An answer: status, headers (names in lower case), body, and the events of a stream. */
    public record Answer(int status, Map<String, List<String>> headers, String body, List<SseEvent> events) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private RawHttp() {}

    /** The bytes of a request; header values go out as given (UTF-8), a body gets its Content-Length. */
    public static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** Sends {@code request} and reads the whole answer. */
    public static Answer exchange(int port, byte[] request) {
        return exchange(port, request, 0);
    }

    /**
     * Sends {@code request}; a {@code 200} event stream is read until {@code events} events have
     * been dispatched (or the read times out), anything else until the server closes.
     */
    public static Answer exchange(int port, byte[] request, int events) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            if (statusLine == null) {
                return new Answer(-1, Map.of(), "", List.of()); // closed without an answer
            }
            String[] status = statusLine.split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(header.substring(colon + 1).trim());
                }
            }
            List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
            InputStream body = encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked")) ? new Dechunked(in) : in;
            int code = Integer.parseInt(status[1]);
            List<String> contentType = headers.getOrDefault("content-type", List.of(""));
            if (code == 200 && contentType.get(0).startsWith("text/event-stream")) {
                return new Answer(code, headers, "", readEvents(body, events));
            }
            return new Answer(code, headers, new String(readAll(body), StandardCharsets.UTF_8), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<SseEvent> readEvents(InputStream body, int wanted) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add, comment -> { });
        byte[] buffer = new byte[4096];
        try {
            int n;
            while (events.size() < wanted && (n = body.read(buffer)) >= 0) {
                parser.feed(buffer, 0, n);
            }
        } catch (SocketTimeoutException enoughWaiting) {
            // fewer events than wanted: the caller's assertions say so
        }
        return events;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException cut) {
            // what arrived is the answer
        }
        return out.toByteArray();
    }

    /** A line ending in CRLF (or LF), as ISO-8859-1; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The body of a chunked answer, read as it arrives. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size != null && size.isEmpty()) {
                    size = line(in); // the CRLF after the previous chunk
                }
                if (size == null) {
                    done = true;
                    return -1;
                }
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                done = true;
                return -1;
            }
            left -= n;
            return n;
        }
    }
}
