package dev.herald.publishing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.fuzz.Hostile;
import dev.herald.problems.Problem;
import dev.herald.publishing.control.Notification;
import dev.herald.publishing.control.NotificationParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generated publish bodies through the real reading and validation path: each is either accepted,
 * with its data carried unchanged in an envelope that is one line of JSON, or refused with a
 * problem the contract names (400, 413, 415). Nothing else may escape: any other exception would
 * be a 500.
 */
class PublishBodiesPropertiesTest {

    private static final int MAX_BYTES = 65536;
    private static final Set<Integer> REFUSALS = Set.of(400, 413, 415);

    /** The outcome of one body: the notifications accepted, or the status of the problem. */
    private record Outcome(List<Notification> accepted, int status) {}

    private static Outcome read(String contentType, byte[] body, boolean batch) {
        try {
            JsonValue json = JsonBodies.read(headers(contentType, body.length), new ByteArrayInputStream(body), MAX_BYTES);
            List<Notification> notifications = batch
                    ? NotificationParser.batch(json, 500)
                    : List.of(NotificationParser.single(Channel.user("42"), json));
            return new Outcome(notifications, 202);
        } catch (Problem problem) {
            return new Outcome(List.of(), problem.getResponse().getStatus());
        }
    }

    @Test
    void everySingleBodyIsAcceptedOrRefusedWithAContractStatusAndNothingElse() {
        Hostile hostile = Hostile.seeded("single bodies");
        hostile.check(Hostile.tries(1500), h -> new Object[] {h.chance(0.8) ? "application/json" : h.contentType(),
                h.bodyBytes(h.singleBody())}, input -> {
            Outcome outcome = read((String) input[0], (byte[]) input[1], false);
            assertTrue(outcome.status() == 202 || REFUSALS.contains(outcome.status()), "status " + outcome.status());
            outcome.accepted().forEach(PublishBodiesPropertiesTest::envelopeIsOneLineCarryingTheDataUnchanged);
        });
    }

    @Test
    void everyBatchBodyIsAcceptedWholeOrRefusedWithAContractStatus() {
        Hostile hostile = Hostile.seeded("batch bodies");
        hostile.check(Hostile.tries(800), h -> h.bodyBytes(h.batchBody()), body -> {
            Outcome outcome = read("application/json", body, true);
            assertTrue(outcome.status() == 202 || REFUSALS.contains(outcome.status()), "status " + outcome.status());
            outcome.accepted().forEach(PublishBodiesPropertiesTest::envelopeIsOneLineCarryingTheDataUnchanged);
        });
    }

    @Test
    void aBodyOverTheLimitIs413WhateverItHolds() {
        Hostile hostile = Hostile.seeded("oversized bodies");
        hostile.check(Hostile.tries(40), h -> h.bodyBytes("{\"data\":\"" + h.from(Hostile.NAME_ALPHABET, MAX_BYTES) + "\"}"),
                body -> assertEquals(413, read("application/json", body, false).status()));
    }

    @Test
    void deepNestingAndHugeNumbersAreAcceptedOrRefusedButNeverFailTheServer() {
        for (String data : List.of("[".repeat(100_000), "[".repeat(20_000) + "]".repeat(20_000),
                "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "1e999999999", "1e-2147483649", "1E+2147483648",
                "-" + "9".repeat(60_000))) {
            String body = "{\"data\":" + data + "}";
            Outcome outcome = read("application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
            assertTrue(outcome.status() == 202 || outcome.status() == 400 || outcome.status() == 413,
                    Hostile.describe(body) + " answered " + outcome.status());
            outcome.accepted().forEach(PublishBodiesPropertiesTest::envelopeIsOneLineCarryingTheDataUnchanged);
        }
    }

    private static void envelopeIsOneLineCarryingTheDataUnchanged(Notification notification) {
        EnvelopeBody body = EnvelopeBody.of(notification.channel(), notification.type(), 1L, notification.data());
        Envelope envelope = Envelope.of(new EventId(1, 0), body);
        assertFalse(envelope.json().contains("\n") || envelope.json().contains("\r"), "the envelope is one line");
        try (JsonReader reader = Json.createReader(new StringReader(envelope.json()))) {
            JsonObject parsed = reader.readObject();
            assertEquals("1-0", parsed.getString("id"));
            assertEquals(notification.type(), parsed.getString("type"));
            assertEquals(notification.data(), parsed.get("data"), "the data is carried unchanged");
        }
    }

    private static HttpHeaders headers(String contentType, int length) {
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException unparsable) {
            type = MediaType.TEXT_PLAIN_TYPE; // the runtime refuses such a header before Herald sees it
        }
        MediaType mediaType = type;
        return new HttpHeaders() {
            @Override
            public List<String> getRequestHeader(String name) {
                return List.of();
            }

            @Override
            public String getHeaderString(String name) {
                return null;
            }

            @Override
            public MultivaluedMap<String, String> getRequestHeaders() {
                return new MultivaluedHashMap<>();
            }

            @Override
            public List<MediaType> getAcceptableMediaTypes() {
                return List.of(MediaType.WILDCARD_TYPE);
            }

            @Override
            public List<Locale> getAcceptableLanguages() {
                return List.of();
            }

            @Override
            public MediaType getMediaType() {
                return mediaType;
            }

            @Override
            public Locale getLanguage() {
                return null;
            }

            @Override
            public Map<String, Cookie> getCookies() {
                return Map.of();
            }

            @Override
            public Date getDate() {
                return null;
            }

            @Override
            public int getLength() {
                return length;
            }
        };
    }
}
