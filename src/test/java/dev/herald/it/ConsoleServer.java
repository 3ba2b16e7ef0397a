package dev.herald.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application server run as operators run one, with a console that deploys and undeploys
 * (Payara Server's asadmin, WildFly's CLI), from the distribution the build unpacked.
 */
interface ConsoleServer extends AutoCloseable {

    /** Deploys the WAR at {@code /herald} and returns once the application answers. */
    void deploy(Path war);

    /** Undeploys it, as an operator does from the console; returns when the console says it is done. */
    void undeploy();

    /** Where the deployed application lives, e.g. {@code http://127.0.0.1:8080/herald/}. */
    URI base();

    @Override
    void close();

    /** Runs a console command and returns its output; fails the test if it fails or hangs. */
    static String run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path output = Files.createTempFile("herald-console-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish within " + timeout + ": " + command);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    /** Waits until the deployed application's health check answers at all (UP or DOWN). */
    static void awaitHealthAnswer(URI base) {
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                int status = Http.get(base.resolve("api/health"), null).status();
                return status == 200 || status == 503;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, "the application answers at " + base);
    }
}
