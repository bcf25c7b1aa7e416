package io.switchboard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.bench.scenario.ShardHandle;

import java.io.PrintStream;
import java.util.List;

/**
 * Once a second: a progress line on stderr (unless {@code --quiet}) and a point of the timeline
 * (cumulative opened, sent, received per second since the start) kept in the result for plots.
 */
final class Progress {

    private final List<ShardHandle> shards;
    private final PrintStream err;
    private final boolean quiet;
    private final String scenario;
    private final ArrayNode timeline = JsonNodeFactory.instance.arrayNode();
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile long markNanos;

    Progress(BenchOptions o, List<ShardHandle> shards, PrintStream err) {
        this.shards = shards;
        this.err = err;
        this.quiet = o.quiet;
        this.scenario = o.scenario;
        this.thread = new Thread(this::loop, "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** The measured phase starts now. */
    void mark() {
        markNanos = System.nanoTime();
    }

    private void loop() {
        long[] prev = new long[5];
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long[] sum = new long[5];
            for (ShardHandle s : shards) {
                long[] c = s.counters();
                for (int i = 0; i < 5; i++) {
                    sum[i] += c[i];
                }
            }
            double t = (System.nanoTime() - start) / 1e9;
            synchronized (timeline) {
                timeline.addObject().put("t", Math.round(t * 10) / 10.0).put("opened", sum[0]).put("failed", sum[1])
                        .put("sent", sum[2]).put("received", sum[3]).put("closed", sum[4])
                        .put("measuring", markNanos != 0);
            }
            if (!quiet) {
                err.printf("[%s %5.1fs%s] open %d fail %d closed %d | sent %d (%d/s) | received %d (%d/s)%n", scenario, t,
                        markNanos != 0 ? " measuring" : "", sum[0], sum[1], sum[4], sum[2], sum[2] - prev[2], sum[3],
                        sum[3] - prev[3]);
            }
            prev = sum;
        }
    }

    void stop() {
        thread.interrupt();
    }

    ArrayNode timeline() {
        synchronized (timeline) {
            return timeline.deepCopy();
        }
    }
}
