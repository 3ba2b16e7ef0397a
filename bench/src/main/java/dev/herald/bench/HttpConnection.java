package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One non-blocking HTTP/1.1 client connection, bound to a chosen local address before it connects
 * (each of 127.0.0.1..N has its own ephemeral ports). It sends requests one at a time (keep-alive)
 * and hands the body on as it arrives, de-chunked: a stream's body never ends, a poll's does.
 */
final class HttpConnection implements NioLoop.Handler {

    /** What the owner of a connection hears, always on the connection's loop thread. */
    interface Listener {
        default void connected(HttpConnection connection, long nowNanos) {}

        void head(HttpConnection connection, int status, long nowNanos);

        void body(HttpConnection connection, ByteBuffer data, int length, long nowNanos);

        void complete(HttpConnection connection, long nowNanos);

        void closed(HttpConnection connection, IOException cause, long nowNanos);
    }

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, UNTIL_CLOSE, IDLE }

    private final NioLoop loop;
    private final Listener listener;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean open;
    private boolean reading = true;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

    private State state = State.IDLE;
    private byte[] line = new byte[256];
    private int lineLength;
    private int status;
    private long remaining;
    private boolean chunked;
    private boolean headEmpty = true;
    private long contentLength = -1;
    Object attachment;

    HttpConnection(NioLoop loop, Listener listener) {
        this.loop = loop;
        this.listener = listener;
    }

    NioLoop loop() {
        return loop;
    }

    /** Opens the socket from {@code local} to {@code remote}; {@code receiveBuffer} 0 keeps the default. */
    void connect(InetSocketAddress local, InetSocketAddress remote, int receiveBuffer) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            channel.bind(local);
            open = true;
            if (channel.connect(remote)) {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                listener.connected(this, System.nanoTime());
            } else {
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException failure) {
            fail(failure, System.nanoTime());
        }
    }

    boolean isOpen() {
        return open;
    }

    /** Sends one request; the response is read from then on. */
    void send(byte[] request) {
        if (!open) {
            return;
        }
        state = State.HEAD;
        lineLength = 0;
        chunked = false;
        contentLength = -1;
        status = 0;
        pending.add(ByteBuffer.wrap(request));
        flush(System.nanoTime());
    }

    /** Stops reading (a subscriber that no longer reads: the server's writes pile up) or reads again. */
    void reading(boolean on) {
        reading = on;
        updateInterest();
    }

    void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void ready(SelectionKey selected, long nowNanos) {
        try {
            if (selected.isConnectable()) {
                channel.finishConnect();
                updateInterest();
                listener.connected(this, nowNanos);
                return;
            }
            if (selected.isWritable()) {
                flush(nowNanos);
            }
            if (selected.isValid() && selected.isReadable()) {
                read(nowNanos);
            }
        } catch (IOException failure) {
            fail(failure, nowNanos);
        }
    }

    private void flush(long nowNanos) {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                pending.poll();
            }
            updateInterest();
        } catch (IOException failure) {
            fail(failure, nowNanos);
        }
    }

    private void updateInterest() {
        if (!open || key == null || !key.isValid() || !channel.isConnected()) {
            return;
        }
        int ops = (reading ? SelectionKey.OP_READ : 0) | (pending.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        key.interestOps(ops);
    }

    private void read(long nowNanos) throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
            fail(null, nowNanos);
            return;
        }
        buffer.flip();
        parse(buffer, nowNanos);
    }

    private void parse(ByteBuffer buffer, long nowNanos) throws IOException {
        while (buffer.hasRemaining() && open) {
            switch (state) {
                case HEAD -> {
                    if (readLine(buffer)) {
                        headLine(nowNanos);
                    }
                }
                case CHUNK_SIZE -> {
                    if (readLine(buffer)) {
                        String size = new String(line, 0, lineLength, StandardCharsets.US_ASCII).trim();
                        int semicolon = size.indexOf(';');
                        remaining = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
                        lineLength = 0;
                        if (remaining == 0) {
                            state = State.CHUNK_END;
                            remaining = -1;
                        } else {
                            state = State.CHUNK_DATA;
                        }
                    }
                }
                case CHUNK_DATA, LENGTH, UNTIL_CLOSE -> bodyBytes(buffer, nowNanos);
                case CHUNK_END -> {
                    if (readLine(buffer)) {
                        lineLength = 0;
                        if (remaining == -1) {
                            // the CRLF after the last chunk (no trailers expected)
                            finishResponse(nowNanos);
                        } else {
                            state = State.CHUNK_SIZE;
                        }
                    }
                }
                case IDLE -> throw new IOException("bytes after a complete response");
            }
        }
    }

    private void bodyBytes(ByteBuffer buffer, long nowNanos) {
        int take = buffer.remaining();
        if (state != State.UNTIL_CLOSE && remaining < take) {
            take = (int) remaining;
        }
        int limit = buffer.limit();
        buffer.limit(buffer.position() + take);
        listener.body(this, buffer, take, nowNanos);
        buffer.position(buffer.limit());
        buffer.limit(limit);
        if (state == State.UNTIL_CLOSE) {
            return;
        }
        remaining -= take;
        if (remaining == 0) {
            if (state == State.LENGTH) {
                finishResponse(nowNanos);
            } else {
                state = State.CHUNK_END;
            }
        }
    }

    private void headLine(long nowNanos) {
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        if (status == 0) {
            status = Integer.parseInt(text.substring(9, 12));
            return;
        }
        if (!text.isEmpty()) {
            int colon = text.indexOf(':');
            String name = text.substring(0, colon).trim();
            String value = text.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            }
            return;
        }
        listener.head(this, status, nowNanos);
        if (status == 204 || status == 304) {
            finishResponse(nowNanos);
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = State.LENGTH;
            if (remaining == 0) {
                finishResponse(nowNanos);
            }
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private void finishResponse(long nowNanos) {
        state = State.IDLE;
        listener.complete(this, nowNanos);
    }

    /** Collects bytes up to a LF; true when a whole line (without CR LF) is in {@link #line}. */
    private boolean readLine(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                byte[] longer = new byte[line.length * 2];
                System.arraycopy(line, 0, longer, 0, lineLength);
                line = longer;
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void fail(IOException cause, long nowNanos) {
        boolean wasOpen = open;
        close();
        if (wasOpen || cause != null) {
            listener.closed(this, cause, nowNanos);
        }
    }
}
