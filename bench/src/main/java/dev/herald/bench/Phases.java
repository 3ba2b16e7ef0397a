package dev.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Takes a recorder's interval histogram every second while a phase runs: the per-second series
 * of the chart and the phase's whole histogram, plus the server's process figures at that second.
 */
final class Phases implements AutoCloseable {

    private final Recorder recorder;
    private final ProcSampler sampler;
    private final Thread thread;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private Histogram phase = new Histogram(3_600_000_000L, 3);
    private String name = "warm-up";
    private final long startMillis = System.currentTimeMillis();
    private volatile boolean running = true;

    Phases(Recorder recorder, ProcSampler sampler) {
        this.recorder = recorder;
        this.sampler = sampler;
        recorder.reset();
        thread = new Thread(this::run, "phases");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            cut();
        }
    }

    private synchronized void cut() {
        Histogram interval = recorder.getIntervalHistogram();
        phase.add(interval);
        ProcSampler.Sample sample = sampler.sample();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("second", (System.currentTimeMillis() - startMillis) / 1000.0);
        row.put("phase", name);
        row.put("count", interval.getTotalCount());
        row.put("p50Ms", Report.millis(interval.getValueAtPercentile(50)));
        row.put("p99Ms", Report.millis(interval.getValueAtPercentile(99)));
        row.put("p999Ms", Report.millis(interval.getValueAtPercentile(99.9)));
        row.put("maxMs", Report.millis(interval.getMaxValue()));
        row.put("rssKib", sample.rssKib());
        row.put("threads", sample.threads());
        row.put("openFiles", sample.openFiles());
        row.put("cpuMillis", sample.cpuMillis());
        rows.add(row);
    }

    /** Ends the current phase (returning its histogram) and starts {@code next}. */
    synchronized Histogram next(String next) {
        cut();
        Histogram ended = phase;
        phase = new Histogram(3_600_000_000L, 3);
        name = next;
        return ended;
    }

    synchronized List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
