package dev.herald.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OwnClassesTest {

    /** The compiled main classes, laid out as WEB-INF/classes is in the WAR. */
    private static final Path CLASSES = classesFolder();

    @Test
    void loadsEveryClassOfTheWarsOwnCodeButPackageInfos() throws IOException {
        long expected;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            expected = files.map(Path::toString).filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
                    .count();
        }
        assertEquals(expected, OwnClasses.loadAll(webInfClassesOf(CLASSES)));
    }

    @Test
    void aWarWithoutClassesLoadsNothing() {
        ServletContext empty = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> null);
        assertEquals(0, OwnClasses.loadAll(empty));
    }

    /** A servlet context whose resource paths are those of {@code classes} under /WEB-INF/classes/. */
    private static ServletContext webInfClassesOf(Path classes) {
        return (ServletContext) Proxy.newProxyInstance(OwnClassesTest.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getResourcePaths")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Path folder = classes.resolve(((String) args[0]).substring("/WEB-INF/classes/".length()));
                    try (Stream<Path> children = Files.list(folder)) {
                        return children.map(child -> "/WEB-INF/classes/" + classes.relativize(child).toString().replace('\\', '/')
                                + (Files.isDirectory(child) ? "/" : "")).collect(Collectors.toSet());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static Path classesFolder() {
        try {
            return Path.of(OwnClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
