package dev.herald.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a test-owned {@code redis-server} before any test when the run asks for one
 * ({@code -Dherald.it.redis=true}, the failsafe execution in Redis mode) and publishes its URL as
 * {@code herald.it.redis.url}, which arquillian.xml hands to the server; stops it at the end.
 */
public class RedisForTests implements LauncherSessionListener {

    private RedisServer redis;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("herald.it.redis") && redis == null) {
            redis = RedisServer.startEphemeral();
            System.setProperty("herald.it.redis.url", redis.url());
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
