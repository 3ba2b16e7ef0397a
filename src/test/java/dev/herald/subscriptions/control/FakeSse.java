package dev.herald.subscriptions.control;

import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** An {@link Sse} that builds plain events, so stream logic can be tested without a runtime. */
final class FakeSse implements Sse {

    /** A built event. */
    record Event(String id, String name, String comment, Object data, long reconnectDelay) implements OutboundSseEvent {

        /** The data as the runtime writes it: a String as it is, bytes as UTF-8 text. */
        String text() {
            return data instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) data;
        }

        @Override
        public Class<?> getType() {
            return data == null ? null : data.getClass();
        }

        @Override
        public Type getGenericType() {
            return getType();
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.TEXT_PLAIN_TYPE;
        }

        @Override
        public Object getData() {
            return data;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getComment() {
            return comment;
        }

        @Override
        public long getReconnectDelay() {
            return reconnectDelay;
        }

        @Override
        public boolean isReconnectDelaySet() {
            return reconnectDelay >= 0;
        }
    }

    @Override
    public OutboundSseEvent.Builder newEventBuilder() {
        return new OutboundSseEvent.Builder() {
            private String id;
            private String name;
            private String comment;
            private Object data;
            private long delay = -1;

            @Override
            public OutboundSseEvent.Builder id(String value) {
                id = value;
                return this;
            }

            @Override
            public OutboundSseEvent.Builder name(String value) {
                name = value;
                return this;
            }

            @Override
            public OutboundSseEvent.Builder reconnectDelay(long milliseconds) {
                delay = milliseconds;
                return this;
            }

            @Override
            public OutboundSseEvent.Builder mediaType(MediaType mediaType) {
                return this;
            }

            @Override
            public OutboundSseEvent.Builder comment(String value) {
                comment = value;
                return this;
            }

            @Override
            @SuppressWarnings("rawtypes")
            public OutboundSseEvent.Builder data(Class type, Object value) {
                data = value;
                return this;
            }

            @Override
            @SuppressWarnings("rawtypes")
            public OutboundSseEvent.Builder data(GenericType type, Object value) {
                data = value;
                return this;
            }

            @Override
            public OutboundSseEvent.Builder data(Object value) {
                data = value;
                return this;
            }

            @Override
            public OutboundSseEvent build() {
                return new Event(id, name, comment, data, delay);
            }
        };
    }

    @Override
    public SseBroadcaster newBroadcaster() {
        throw new UnsupportedOperationException("not used");
    }
}
