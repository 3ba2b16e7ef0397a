package dev.herald.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void namesAreOneTo128OfTheAllowedCharacters() {
        assertTrue(Channel.isValidName("a"));
        assertTrue(Channel.isValidName("x".repeat(128)));
        assertTrue(Channel.isValidName("Alice.B_c@d-9"));
        assertFalse(Channel.isValidName("x".repeat(129)));
        for (String bad : Arrays.asList(null, "", "a b", "a/b", "a:b", "é", "a\nb", "a%20b", "*")) {
            assertFalse(Channel.isValidName(bad), String.valueOf(bad));
        }
    }

    @Test
    void keysNameTheKindAndParseBack() {
        assertEquals("user:42", Channel.user("42").key());
        assertEquals("topic:news", Channel.topic("news").key());
        assertEquals(Channel.user("42"), Channel.parse("user:42").orElseThrow());
        assertEquals(Channel.topic("a"), Channel.parse("topic:a").orElseThrow());
        for (String bad : List.of("user:", "users:42", "topic:bad name", "42", ":42")) {
            assertTrue(Channel.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void anInvalidNameCannotMakeAChannel() {
        assertThrows(IllegalArgumentException.class, () -> Channel.user("bad name"));
    }

    @Test
    void typesAreOneTo64OfTheAllowedCharacters() {
        assertTrue(EventType.isValid("order-shipped"));
        assertTrue(EventType.isValid("a.b_c-9"));
        assertTrue(EventType.isValid("t".repeat(64)));
        assertFalse(EventType.isValid("t".repeat(65)));
        for (String bad : Arrays.asList(null, "", "a b", "a@b", "a:b", "ü")) {
            assertFalse(EventType.isValid(bad), String.valueOf(bad));
        }
        assertEquals("update", EventType.DEFAULT);
    }
}
