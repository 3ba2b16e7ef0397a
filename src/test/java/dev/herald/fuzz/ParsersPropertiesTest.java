package dev.herald.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bus.control.InMemoryMessageBus;
import dev.herald.channels.boundary.ChannelParams;
import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.channels.entity.EventType;
import dev.herald.problems.Problem;
import dev.herald.store.control.History;
import dev.herald.store.control.InMemoryEventStore;
import dev.herald.store.control.Retention;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The parsers of what clients send besides bodies — channel names, event types, event ids as
 * {@code Last-Event-ID} or {@code since} — on generated hostile input: they accept exactly what
 * the contract allows, refuse the rest with a 400 (names) or treat it as unknown (ids), and never
 * throw anything else.
 */
class ParsersPropertiesTest {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    @Test
    void aChannelNameIsAcceptedExactlyWhenTheContractAllowsItAndOtherwiseIs400() {
        Hostile.seeded("channel names").check(Hostile.tries(3000), Hostile::name, name -> {
            boolean allowed = NAME.matcher(name).matches();
            assertEquals(allowed, Channel.isValidName(name));
            for (String kind : new String[] {"users", "topics"}) {
                try {
                    Channel channel = ChannelParams.of(kind, name);
                    assertTrue(allowed, "accepted a name the contract refuses");
                    assertEquals(name, channel.name());
                    assertEquals(Optional.of(channel), Channel.parse(channel.key()));
                } catch (Problem refused) {
                    assertFalse(allowed, "refused a name the contract allows");
                    assertEquals(400, refused.getResponse().getStatus());
                }
            }
            assertEquals(allowed, Channel.parse("user:" + name).isPresent());
        });
    }

    @Test
    void anEventTypeIsValidExactlyWhenTheContractAllowsIt() {
        Hostile.seeded("event types").check(Hostile.tries(3000), Hostile::type,
                type -> assertEquals(TYPE.matcher(type).matches(), EventType.isValid(type)));
    }

    @Test
    void anEventIdParsesOnlyFromTheFormTheServerIssuesAndPrintsBackTheSame() {
        Hostile.seeded("event ids").check(Hostile.tries(3000), Hostile::eventIdText, text -> {
            Optional<EventId> id = EventId.parse(text);
            if (id.isPresent()) {
                assertTrue(ID.matcher(text).matches(), "parsed an id the server never issues");
                String printed = id.get().toString();
                assertTrue(ID.matcher(printed).matches(), "an id prints as digits-digits only");
                assertEquals(id, EventId.parse(printed));
            } else {
                assertFalse(ID.matcher(text).matches() && fitsInLongs(text), "refused an id the server could issue");
            }
        });
    }

    private static boolean fitsInLongs(String text) {
        String[] parts = text.split("-");
        try {
            Long.parseLong(parts[0]);
            Long.parseLong(parts[1]);
            return true;
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    @Test
    void aHostileLastEventIdIsUnknownOrTruncatedNeverAFailure() {
        InMemoryEventStore store = new InMemoryEventStore(new InMemoryMessageBus(),
                new Retention(5, Duration.ofDays(1)), Clock.systemUTC());
        Channel channel = Channel.user("42");
        for (int i = 0; i < 8; i++) {
            store.append(channel, EnvelopeBody.of(channel, "t", System.currentTimeMillis(), JsonValue.NULL));
        }
        Hostile.seeded("last event ids").check(Hostile.tries(2000), Hostile::eventIdText, text -> {
            History history = store.readAfter(channel, Optional.of(text), 100);
            if (EventId.parse(text).isEmpty()) {
                assertEquals(History.Continuity.UNKNOWN_ID, history.continuity(), "a malformed id is unknown");
                assertEquals(5, history.events().size(), "then all that is retained");
            }
            assertTrue(history.events().size() <= 5);
        });
    }
}
