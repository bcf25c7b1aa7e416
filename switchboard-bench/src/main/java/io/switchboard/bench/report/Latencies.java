package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.DataFormatException;

/**
 * Latencies in microseconds, recorded lock-free into one HdrHistogram per recording thread (the
 * generator's event loops) and merged when read. Values above a minute are clamped.
 */
public final class Latencies {

    public static final long MAX_MICROS = 60_000_000L;

    private final List<Histogram> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(() -> {
        Histogram h = newHistogram();
        all.add(h);
        return h;
    });

    public static Histogram newHistogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    public void recordNanos(long nanos) {
        long micros = Math.max(0, Math.min(MAX_MICROS, nanos / 1000));
        local.get().recordValue(micros);
    }

    /** A merged copy; exact once recording has stopped, approximate while it goes on. */
    public Histogram snapshot() {
        Histogram merged = newHistogram();
        for (Histogram h : all) {
            merged.add(h);
        }
        return merged;
    }

    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), MAX_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("bad histogram", e);
        }
    }

    /** count, p50, p90, p99, p99.9, max, mean in microseconds. */
    public static ObjectNode summary(Histogram h) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("count", h.getTotalCount());
        o.put("p50_us", h.getValueAtPercentile(50));
        o.put("p90_us", h.getValueAtPercentile(90));
        o.put("p99_us", h.getValueAtPercentile(99));
        o.put("p999_us", h.getValueAtPercentile(99.9));
        o.put("max_us", h.getMaxValue());
        o.put("mean_us", Math.round(h.getMean()));
        return o;
    }

    /** Percentile curve for plots: (percentile, micros) pairs at 0, 50, 75, 90, 99, 99.9, 99.99, 100. */
    public static ObjectNode curve(Histogram h) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (double p : new double[] {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100}) {
            o.put(Double.toString(p), h.getValueAtPercentile(p));
        }
        return o;
    }
}
