package dev.herald.admin.control;

import jakarta.servlet.ServletContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads every class of the WAR's own code while the application starts. The hand-over as the node
 * stops runs alongside the server's own shutdown, and Payara's web class loader refuses to load
 * anything once the module has begun to stop: a class first needed then (the poll hint, say, on a
 * node that never answered a poll) failed with NoClassDefFoundError and the parked poll was never
 * answered.
 */
final class OwnClasses {

    private static final Logger LOG = Logger.getLogger(OwnClasses.class.getName());
    private static final String ROOT = "/WEB-INF/classes/";
    private static final String SUFFIX = ".class";

    private OwnClasses() {}

    /** Loads (and initialises) each class under {@code WEB-INF/classes}; returns how many. */
    static int loadAll(ServletContext context) {
        ClassLoader loader = OwnClasses.class.getClassLoader();
        int loaded = 0;
        Deque<String> folders = new ArrayDeque<>(List.of(ROOT));
        while (!folders.isEmpty()) {
            Set<String> paths = context.getResourcePaths(folders.pop());
            if (paths == null) {
                continue;
            }
            for (String path : paths) {
                if (path.endsWith("/")) {
                    folders.push(path);
                } else if (path.endsWith(SUFFIX) && !path.endsWith("package-info" + SUFFIX)) {
                    String name = path.substring(ROOT.length(), path.length() - SUFFIX.length()).replace('/', '.');
                    try {
                        Class.forName(name, true, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError unusable) {
                        LOG.log(Level.FINE, "not preloaded: " + name, unusable);
                    }
                }
            }
        }
        return loaded;
    }
}
