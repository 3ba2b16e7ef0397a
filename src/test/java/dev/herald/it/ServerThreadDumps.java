package dev.herald.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When a request to a server under test gets no answer in time, the servers' threads at that moment
 * say why far better than the timeout does: each Payara Micro and WildFly JVM on the machine is
 * dumped with {@code jcmd Thread.print} into {@code target/thread-dumps/}.
 */
final class ServerThreadDumps {

    private static final Path DIRECTORY = Path.of("target/thread-dumps");

    private ServerThreadDumps() {}

    static void take(String why) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(argument -> argument.contains("payara-micro") || argument.contains("jboss-modules")))
                .forEach(server -> dump(server.pid(), why));
    }

    private static void dump(long pid, String why) {
        try {
            Files.createDirectories(DIRECTORY);
            Path file = DIRECTORY.resolve(LocalTime.now().toString().replace(':', '-') + "-" + pid + ".txt");
            Files.writeString(file, why + "\n\n");
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                    .start();
            if (jcmd.waitFor(30, TimeUnit.SECONDS)) {
                System.err.println("threads of server " + pid + " at the timeout: " + file.toAbsolutePath());
            } else {
                jcmd.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("no thread dump of " + pid + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
