package dev.herald.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    @Test
    void envelopeIsIdChannelTypeTimestampDataOnOneLineWithDataUnchanged() {
        for (String data : List.of("null", "true", "1.0", "1e400", "12345678901234567890123", "\"q\\\"uote\\nline \\u2028\"",
                "[1,{\"a\":[]}]", "{\"nested\":{\"deep\":[null,false]}}")) {
            EnvelopeBody body = EnvelopeBody.of(Channel.user("42"), "t", 1732280000000L, parse(data));
            Envelope envelope = Envelope.of(new EventId(1732280000000L, 3), body);
            assertFalse(envelope.json().contains("\n") || envelope.json().contains("\r"), envelope.json());
            JsonObject json = parse(envelope.json()).asJsonObject();
            assertEquals(List.of("id", "channel", "type", "timestamp", "data"), new ArrayList<>(json.keySet()));
            assertEquals("1732280000000-3", json.getString("id"));
            assertEquals("user:42", json.getString("channel"));
            assertEquals("t", json.getString("type"));
            assertEquals(1732280000000L, json.getJsonNumber("timestamp").longValue());
            assertEquals(parse(data), json.get("data"), data);
        }
    }
}
