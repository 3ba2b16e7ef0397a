package dev.herald.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * One subscriber: a stream of one channel read by a non-blocking connection. It records which
 * sequence numbers of its channel arrived (gaps and duplicates are counted from that) and hands
 * each notification's latency to its fleet.
 */
final class SseStream implements HttpConnection.Listener, SseParser.Events {

    final int channelIndex;
    final HttpConnection connection;
    private final SseFleet fleet;
    private final SseParser parser = new SseParser(this);
    private final byte[] request;
    final BitSet received = new BitSet();
    /** The id of the newest event read, for a reconnect with Last-Event-ID. */
    volatile String lastEventId;
    int duplicates;
    int events;
    int comments;
    boolean established;
    boolean closed;
    boolean stalled;

    SseStream(SseFleet fleet, NioLoop loop, int channelIndex, byte[] request) {
        this.fleet = fleet;
        this.channelIndex = channelIndex;
        this.request = request;
        this.connection = new HttpConnection(loop, this);
    }

    @Override
    public void connected(HttpConnection connection, long nowNanos) {
        connection.send(request);
    }

    @Override
    public void head(HttpConnection connection, int status, long nowNanos) {
        if (status != 200) {
            fleet.failed(this, "HTTP " + status);
            connection.close();
        }
    }

    @Override
    public void body(HttpConnection connection, ByteBuffer data, int length, long nowNanos) {
        parser.feed(data, nowNanos);
    }

    @Override
    public void complete(HttpConnection connection, long nowNanos) {
        closed = true;
        fleet.ended(this, "the server ended the stream");
    }

    @Override
    public void closed(HttpConnection connection, IOException cause, long nowNanos) {
        if (!closed) {
            closed = true;
            fleet.ended(this, cause == null ? "closed by the server" : cause.getMessage());
        }
    }

    @Override
    public void event(String id, String name, String data, long nowNanos) {
        if (name.equals("connected")) {
            if (!established) {
                established = true;
                fleet.established(this);
            }
            return;
        }
        if (!name.equals("bench")) {
            fleet.unexpected(this, name);
            return;
        }
        events++;
        lastEventId = id;
        int at = data.indexOf("\"data\":");
        long seq = Requests.number(data, "seq", at);
        long sentAt = Requests.number(data, "sentAt", at);
        if (received.get((int) seq)) {
            duplicates++;
        } else {
            received.set((int) seq);
        }
        fleet.delivered(this, seq, Micros.of(nowNanos) - sentAt);
    }

    @Override
    public void comment(long nowNanos) {
        comments++;
    }
}
