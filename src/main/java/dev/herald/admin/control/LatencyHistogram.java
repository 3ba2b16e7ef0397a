package dev.herald.admin.control;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * A latency distribution in microseconds (HdrHistogram: constant memory, three significant digits,
 * safe to record from many threads), exported as Prometheus buckets in seconds.
 */
public final class LatencyHistogram {

    /** Bucket bounds in seconds, as Prometheus {@code le} labels. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long MAX_MICROS = 3_600_000_000L;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

    public void recordMicros(long micros) {
        histogram.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    /** Appends the histogram in the Prometheus text format. */
    public void appendPrometheus(StringBuilder text, String name, String help, String labels) {
        ConcurrentHistogram snapshot = histogram.copy();
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" histogram\n");
        String inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1) + ",";
        for (double bound : BUCKETS) {
            long count = snapshot.getCountBetweenValues(0, (long) (bound * 1_000_000));
            text.append(name).append("_bucket{").append(inner).append("le=\"").append(bound).append("\"} ")
                    .append(count).append('\n');
        }
        long total = snapshot.getTotalCount();
        text.append(name).append("_bucket{").append(inner).append("le=\"+Inf\"} ").append(total).append('\n');
        double sumSeconds = snapshot.getMean() * total / 1_000_000;
        text.append(name).append("_sum").append(labels).append(' ').append(sumSeconds).append('\n');
        text.append(name).append("_count").append(labels).append(' ').append(total).append('\n');
    }

    /** The value below which {@code percentile} percent of recordings fall, in microseconds. */
    public long percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }
}
