package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The result as one Markdown table row (one table per scenario) and a human summary. */
final class MarkdownRow {

    private MarkdownRow() {
    }

    static String header(String scenario) {
        return switch (scenario) {
            case "connections" -> "| server | connections | failed | upgrades/s | handshake p99 ms | server CPU s (ramp) "
                    + "| generator CPU | handshakes per server CPU-s | RSS/conn KiB | heap/conn KiB | load |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
            case "fanout" -> "| server | subscribers | channels | pub/s | size B | deliveries/s | server CPU | generator CPU | "
                    + "deliveries per server CPU-s | p50 ms | p99 ms | p99.9 ms | max ms | lost | reordered | catch-up s | load |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
            default -> "| server | connections | depth | round trips/s | server CPU | generator CPU | round trips per server CPU-s "
                    + "| p50 ms | p99 ms | p99.9 ms | max ms | errors | load |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
        };
    }

    static String row(JsonNode r) {
        JsonNode s = r.path("server");
        String load = String.format(Locale.ROOT, "%.2f→%.2f", r.path("machine").path("loadBefore").asDouble(),
                r.path("machine").path("loadAfter").asDouble());
        String label = r.path("label").asText();
        switch (r.path("scenario").asText()) {
            case "connections" -> {
                JsonNode c = r.path("connections");
                return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %s | %s | %s | %s | %s | %s | %s |", label,
                        c.path("opened").asLong(), c.path("failed").asLong(), c.path("upgradesPerSecond").asDouble(),
                        ms(c.path("handshakeLatency").path("p99_us")), num(s.path("cpuSecondsDuringRamp"), "%.2f"),
                        pct(r.path("generator").path("parentCpuUtilisation")),
                        num(s.path("handshakesPerCpuSecond"), "%.0f"), kib(s.path("rssPerConnectionBytes")),
                        kib(s.path("heapPerConnectionBytes")), load);
            }
            case "fanout" -> {
                JsonNode f = r.path("fanout");
                JsonNode l = f.path("latency");
                return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s |",
                        label, f.path("subscribers").asLong(), f.path("channels").asLong(), f.path("rate").asDouble(),
                        f.path("size").asLong(), f.path("deliveriesPerSecond").asDouble(), pct(s.path("cpuUtilisation")),
                        pct(r.path("generator").path("parentCpuUtilisation")),
                        num(s.path("deliveriesPerCpuSecond"), "%.0f"), ms(l.path("p50_us")), ms(l.path("p99_us")),
                        ms(l.path("p999_us")), ms(l.path("max_us")), f.path("lost").asLong(), f.path("reordered").asLong(),
                        catchUp(f.path("catchUp")), load);
            }
            default -> {
                JsonNode e = r.path("echo");
                JsonNode l = e.path("latency");
                return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %s |", label,
                        e.path("connections").asLong(), e.path("depth").asLong(), e.path("roundTripsPerSecond").asDouble(),
                        pct(s.path("cpuUtilisation")), pct(r.path("generator").path("parentCpuUtilisation")), num(s.path("roundTripsPerCpuSecond"), "%.0f"), ms(l.path("p50_us")),
                        ms(l.path("p99_us")), ms(l.path("p999_us")), ms(l.path("max_us")), e.path("errors").asLong(), load);
            }
        }
    }

    static String summary(JsonNode r) {
        StringBuilder b = new StringBuilder();
        b.append("result: ").append(r.path("scenario").asText()).append(" against ").append(r.path("label").asText());
        JsonNode c = r.path("connections");
        b.append(String.format(Locale.ROOT, "; connections %d opened, %d failed %s", c.path("opened").asLong(),
                c.path("failed").asLong(), c.path("failures").size() == 0 ? "" : c.path("failures").toString()));
        if (r.has("fanout")) {
            JsonNode f = r.path("fanout");
            b.append(String.format(Locale.ROOT, "; published %d, delivered %d of %d expected, lost %d, reordered %d, "
                            + "unhealthy subscribers %d; %.0f deliveries/s",
                    f.path("published").asLong(), f.path("received").asLong(), f.path("expected").asLong(),
                    f.path("lost").asLong(), f.path("reordered").asLong(), f.path("unhealthy").asLong(),
                    f.path("deliveriesPerSecond").asDouble()));
        }
        if (r.has("echo")) {
            JsonNode e = r.path("echo");
            b.append(String.format(Locale.ROOT, "; %d round trips, %.0f/s, errors %d", e.path("measured").asLong(),
                    e.path("roundTripsPerSecond").asDouble(), e.path("errors").asLong()));
        }
        return b.toString();
    }

    /** Seconds the warm-up was extended; {@code >limit} when the subscribers never caught up. */
    private static String catchUp(JsonNode c) {
        if (c.isMissingNode()) {
            return "-";
        }
        return c.path("caughtUp").asBoolean() ? String.format(Locale.ROOT, "%.1f", c.path("seconds").asDouble())
                : String.format(Locale.ROOT, ">%.0f", c.path("limitSeconds").asDouble());
    }

    private static String ms(JsonNode micros) {
        return micros.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f", micros.asLong() / 1000.0);
    }

    private static String kib(JsonNode bytes) {
        return bytes.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f", bytes.asLong() / 1024.0);
    }

    private static String pct(JsonNode fraction) {
        return fraction.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.0f%%", fraction.asDouble() * 100);
    }

    private static String num(JsonNode n, String format) {
        return n.isMissingNode() ? "-" : String.format(Locale.ROOT, format, n.asDouble());
    }
}
