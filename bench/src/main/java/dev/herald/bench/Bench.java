package dev.herald.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load tool's entry point: {@code Bench <scenario> --mode memory|redis --base URL --pid PID
 * --secret S [--name value ...]}; {@code bench/run} starts the server and passes these.
 */
public final class Bench {

    /** One scenario of issue 6. */
    interface Scenario {
        void run(BenchEnv env, Report report, Path out) throws Exception;
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench capacity|steady|fanout|longpoll|throughput|stalled|soak --mode M --base URL --pid P --secret S");
            System.exit(2);
        }
        String scenarioName = args[0];
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Scenario scenario = switch (scenarioName) {
            case "capacity" -> new CapacityScenario();
            case "steady" -> new SteadyLoadScenario();
            case "fanout" -> new FanOutScenario();
            case "longpoll" -> new LongPollScenario();
            case "throughput" -> new ThroughputScenario();
            case "stalled" -> new StalledReadersScenario();
            case "soak" -> new SoakScenario();
            default -> throw new IllegalArgumentException("unknown scenario " + scenarioName);
        };
        String mode = options.getOrDefault("mode", "memory");
        Path out = Path.of(options.getOrDefault("out", "bench/results"));
        Files.createDirectories(out);
        try (BenchEnv env = new BenchEnv(mode, URI.create(options.get("base")), Long.parseLong(options.get("pid")),
                options.get("secret"), Integer.parseInt(options.getOrDefault("addresses", "8")),
                Integer.parseInt(options.getOrDefault("loops", "2")), options)) {
            Report report = new Report(scenarioName, mode, machine(options));
            // Capacity and the soak measure memory from a fresh server; every other scenario a warm one.
            int warmUp = Integer.parseInt(options.getOrDefault("server-warmup-seconds",
                    scenarioName.equals("capacity") || scenarioName.equals("soak") ? "0" : "30"));
            report.parameters.put("serverWarmUpSeconds", warmUp + " (closed-loop publishes to "
                    + ServerWarmUp.streams(env) + " streams of their own,"
                    + " before the scenario: the JIT compiler's work is not measured)");
            ServerWarmUp.run(env, warmUp);
            long started = System.currentTimeMillis();
            scenario.run(env, report, out);
            report.root.put("durationSeconds", (System.currentTimeMillis() - started) / 1000.0);
            Path file = report.write(out);
            System.out.println("wrote " + file);
            for (Map<String, Object> target : report.targets) {
                System.out.println((Boolean.TRUE.equals(target.get("met")) ? "MET    " : "MISSED ") + target.get("target")
                        + ": " + target.get("measured") + " (goal " + target.get("goal") + ")");
            }
        }
        System.exit(0);
    }

    private static Map<String, Object> machine(Map<String, String> options) throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                machine.put("memTotalKib", Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        machine.put("cpuReferenceMs", CpuReference.millis());
        machine.put("loadAverageBeforeServer", options.getOrDefault("load-before", "?"));
        machine.put("loadAverageBeforeLoad", Files.readString(Path.of("/proc/loadavg")).trim());
        machine.put("serverJvm", options.getOrDefault("server-jvm", "?"));
        machine.put("serverJvmOptions", options.getOrDefault("server-jvm-options", "?"));
        machine.put("payara", options.getOrDefault("payara", "?"));
        machine.put("loadTool", "same machine, " + options.getOrDefault("loops", "2") + " selector threads + 1 publisher thread, "
                + options.getOrDefault("addresses", "8") + " source addresses");
        return machine;
    }
}
