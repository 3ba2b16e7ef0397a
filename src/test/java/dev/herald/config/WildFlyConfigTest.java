package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Undertow's write timeout closes a connection that has written nothing for that long, so on WildFly it
 * must outlast the silence between two keep-alive comments; with 10 s against the default 15 s
 * heartbeat every idle stream was cut at 10 s.
 */
class WildFlyConfigTest {

    @Test
    void theWriteTimeoutOutlastsTwoDefaultHeartbeatsInBothConfigFiles() throws IOException {
        long yaml = millis("wildfly-config/herald.yml", "write-timeout:\\s*(\\d+)");
        long cli = millis("wildfly-config/herald.cli", "name=write-timeout, value=(\\d+)");

        assertEquals(yaml, cli, "herald.yml and herald.cli set the same timeout");
        long heartbeatMillis = new HeraldConfig().heartbeatSeconds() * 1000L;
        assertTrue(yaml >= 2 * heartbeatMillis, yaml + " ms against a heartbeat of " + heartbeatMillis + " ms");
    }

    private static long millis(String file, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(Path.of(file)));
        assertTrue(matcher.find(), file + " sets the write timeout");
        long value = Long.parseLong(matcher.group(1));
        assertFalse(matcher.find(), file + " sets it once");
        return value;
    }
}
