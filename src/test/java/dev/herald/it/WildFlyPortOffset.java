package dev.herald.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Picks a WildFly port offset whose ports are all free right now, when the run asks for one
 * ({@code -Dherald.it.wildfly=true}, the WildFly failsafe execution), and publishes it as
 * {@code jboss.socket.binding.port-offset}: arquillian.xml hands it to the server, and the WildFly
 * adapter derives its management port (9990 + offset) from the same property. One offset shifts
 * every socket binding, so the run never meets another WildFly, a Payara node or the README's 8080.
 */
public class WildFlyPortOffset implements LauncherSessionListener {

    static final String PROPERTY = "jboss.socket.binding.port-offset";

    /** What standalone.xml binds: http, https, management http and https. */
    private static final int[] BASE_PORTS = {8080, 8443, 9990, 9993};

    /** Keeps every shifted port below Linux's ephemeral range (32768 on), where clients' own ports come from. */
    private static final int MIN_OFFSET = 10_000;
    private static final int MAX_OFFSET = 22_000;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("herald.it.wildfly") && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(freeOffset()));
        }
    }

    static int freeOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(MIN_OFFSET, MAX_OFFSET);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no WildFly port offset with all of its ports free in 100 tries");
    }

    private static boolean allFree(int offset) {
        for (int port : BASE_PORTS) {
            if (!isFree(port + offset)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFree(int port) {
        // Both the wildcard and loopback: Payara binds the one, WildFly (jboss.bind.address) the other.
        return canBind(new InetSocketAddress(port)) && canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(address);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
