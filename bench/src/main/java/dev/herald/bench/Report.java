package dev.herald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One scenario's results as written to {@code bench/results/<scenario>-<mode>.json}. */
final class Report {

    final Map<String, Object> root = new LinkedHashMap<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();
    final Map<String, Object> results = new LinkedHashMap<>();
    final List<Map<String, Object>> targets = new ArrayList<>();
    final List<Map<String, Object>> series = new ArrayList<>();

    Report(String scenario, String mode, Map<String, Object> machine) {
        root.put("scenario", scenario);
        root.put("mode", mode);
        root.put("startedAt", Instant.now().toString());
        root.put("machine", machine);
        root.put("parameters", parameters);
        root.put("results", results);
        root.put("targets", targets);
        root.put("series", series);
    }

    /** A target and whether the measured figure meets it. */
    void target(String name, String goal, Object measured, boolean met) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", name);
        target.put("goal", goal);
        target.put("measured", measured);
        target.put("met", met);
        targets.add(target);
    }

    void row(Map<String, Object> row) {
        series.add(row);
    }

    /** Percentiles of a histogram of microseconds, in milliseconds. */
    static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", histogram.getTotalCount());
        summary.put("p50Ms", millis(histogram.getValueAtPercentile(50)));
        summary.put("p90Ms", millis(histogram.getValueAtPercentile(90)));
        summary.put("p99Ms", millis(histogram.getValueAtPercentile(99)));
        summary.put("p999Ms", millis(histogram.getValueAtPercentile(99.9)));
        summary.put("maxMs", millis(histogram.getMaxValue()));
        summary.put("meanMs", Math.round(histogram.getMean()) / 1000.0);
        return summary;
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }

    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(root.get("scenario") + "-" + root.get("mode") + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        return file;
    }
}
