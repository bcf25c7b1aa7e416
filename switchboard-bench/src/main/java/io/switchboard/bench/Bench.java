package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.UnixOperatingSystemMXBean;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.report.Latencies;
import io.switchboard.bench.report.ProcessProbe;
import io.switchboard.bench.scenario.EchoShard;
import io.switchboard.bench.scenario.ForkedShard;
import io.switchboard.bench.scenario.IdleShard;
import io.switchboard.bench.scenario.PublisherShard;
import io.switchboard.bench.scenario.ShardHandle;
import io.switchboard.bench.scenario.SubscriberShard;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Runs one scenario: plans the generator processes from the open-files limit, drives the shards
 * through start, go, finish and close, samples the server's CPU and memory around the measured
 * phase, and writes the result (summary, JSON file, Markdown row).
 */
final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Files a generator process keeps for itself (jars, epoll, pipes) besides its connections. */
    private static final int FD_RESERVE = 200;

    private final BenchOptions o;
    private final PrintStream out;
    private final PrintStream err;
    private final ProcessProbe probe;
    /** This process: its CPU shows whether the generator itself was the bottleneck. */
    private final ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
    private final List<ShardHandle> shards = new ArrayList<>();
    private final ObjectNode result = JSON.createObjectNode();
    private Progress progress;

    Bench(BenchOptions options, PrintStream out, PrintStream err) {
        this.o = options;
        this.out = out;
        this.err = err;
        Target.parse(options.url); // refuses non-loopback targets before anything else
        this.probe = options.serverPid == null ? null : new ProcessProbe(options.serverPid);
    }

    /** The longest a run may take: ramp, warm-up, measured phase, drain, and margin. */
    static Duration hardLimit(BenchOptions o) {
        return o.handshakeTimeoutValue().multipliedBy(4).plus(o.warmupValue()).plus(o.catchUpLimitValue())
                .plus(o.durationValue())
                .plus(o.holdValue()).plus(o.drainTimeoutValue().multipliedBy(2)).plus(Duration.ofMinutes(3));
    }

    static long maxOpenFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1024;
    }

    int run() {
        long fdLimit = maxOpenFiles();
        long perProcess = Math.max(100, fdLimit - FD_RESERVE);
        int total = switch (o.scenario) {
            case "fanout" -> o.channels * o.subscribers + o.publishers;
            default -> o.connections;
        };
        int processes = (int) Math.max(o.processes, (total + perProcess - 1) / perProcess);
        err.printf("bench %s against %s (%s): open-files limit %d, so one generator process holds up to %d "
                + "connections; %d connections over %d process(es)%n", o.scenario, o.url, o.labelOrDefault(), fdLimit,
                perProcess, total, processes);
        result.put("scenario", o.scenario);
        result.put("label", o.labelOrDefault());
        result.put("url", o.url);
        result.put("dialect", o.dialect);
        result.put("started", Instant.now().toString());
        result.putPOJO("args", redacted(o.originalArgs));
        ObjectNode machine = result.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadBefore", ProcessProbe.loadAverage());
        ObjectNode gen = result.putObject("generator");
        gen.put("openFilesLimit", fdLimit);
        gen.put("connectionsPerProcess", perProcess);
        gen.put("processes", processes);
        Thread killer = new Thread(() -> shards.forEach(ShardHandle::abort), "bench-abort");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            switch (o.scenario) {
                case "connections" -> connections(processes);
                case "fanout" -> fanout(processes);
                default -> echo(processes);
            }
        } catch (TimeoutException e) {
            err.println("error: the run did not finish in time (" + e.getMessage() + ")");
            shards.forEach(ShardHandle::abort);
            return 1;
        } catch (ExecutionException e) {
            err.println("error: " + e.getCause());
            shards.forEach(ShardHandle::abort);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shards.forEach(ShardHandle::abort);
            return 1;
        } finally {
            if (progress != null) {
                progress.stop();
                result.set("timeline", progress.timeline());
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
        machine.put("loadAfter", ProcessProbe.loadAverage());
        return write();
    }

    // ---- scenarios ----

    private void connections(int processes) throws InterruptedException, ExecutionException, TimeoutException {
        int n = o.connections;
        if (o.warmupConnections > 0) {
            for (int round = 0; round < Math.max(1, o.warmupRounds); round++) {
                warmUp(Math.min(o.warmupConnections, (int) Math.max(100, maxOpenFiles() - FD_RESERVE)));
            }
        }
        addShards(processes, n, "idle", (from, count) -> new IdleShard(o, from, count));
        long rss0 = rss();
        long heap0 = heap();
        long cpu0 = cpu();
        Map<String, Long> threads0 = threads();
        long self0 = self.cpuNanos();
        progress = new Progress(o, shards, err);
        List<ObjectNode> ready = all(shards, ShardHandle::start, rampLimit(n));
        long cpu1 = cpu();
        Map<String, Long> threads1 = threads();
        long self1 = self.cpuNanos();
        ObjectNode m = result.putObject("connections");
        Ready r = mergeReady(ready, m);
        Thread.sleep(o.holdValue().toMillis());
        long rss1 = rss();
        long heap1 = heap();
        List<ObjectNode> finished = all(shards, s -> s.finish(JSON.createObjectNode()), Duration.ofMinutes(1));
        closeAll(shards);
        m.put("requested", n);
        m.put("closedWhileHeld", finished.stream().mapToLong(f -> f.path("closedWhileHeld").asLong()).sum());
        double upgradeSeconds = (r.lastUpgrade - r.firstStart) / 1e9;
        m.put("upgradesPerSecond", round(r.opened / Math.max(upgradeSeconds, 1e-9)));
        m.put("rampSeconds", round((r.lastReady - r.firstStart) / 1e9));
        generatorCpu(self0, self1, Math.max(1e-9, (r.lastReady - r.firstStart) / 1e9), processes);
        m.set("handshakeLatency", Latencies.summary(r.handshakes));
        ObjectNode server = result.putObject("server");
        if (probe != null) {
            server.put("pid", probe.pid());
            server.put("rssBeforeBytes", rss0);
            server.put("rssAfterBytes", rss1);
            server.put("rssPerConnectionBytes", r.opened == 0 ? 0 : (rss1 - rss0) / r.opened);
            if (heap0 >= 0 && heap1 >= 0) {
                server.put("heapBeforeBytes", heap0);
                server.put("heapAfterBytes", heap1);
                server.put("heapPerConnectionBytes", r.opened == 0 ? 0 : (heap1 - heap0) / r.opened);
            }
            double cpuSeconds = (cpu1 - cpu0) / 1e9;
            server.put("cpuSecondsDuringRamp", round(cpuSeconds));
            server.put("handshakesPerCpuSecond", cpuSeconds <= 0 ? 0 : round(r.opened / cpuSeconds));
            putThreadCpu(server, threads0, threads1);
        }
    }

    /** Opens and closes connections (users after the measured ones) so that a JVM server is compiled. */
    private void warmUp(int count) throws InterruptedException, ExecutionException, TimeoutException {
        err.printf("warming up with %d connections%n", count);
        IdleShard warm = new IdleShard(o, o.connections, count);
        List<ShardHandle> one = List.of(warm);
        ObjectNode ready = all(one, ShardHandle::start, rampLimit(count)).get(0);
        ObjectNode warmup = result.has("warmup") ? (ObjectNode) result.get("warmup") : result.putObject("warmup");
        warmup.put("connections", count).put("rounds", Math.max(1, o.warmupRounds))
                .put("opened", ready.path("opened").asLong());
        all(one, s -> s.finish(JSON.createObjectNode()), Duration.ofMinutes(1));
        closeAll(one);
        warmup.withArray("settleMillis").add(awaitServerIdle());
    }

    /**
     * Waits until the server has used under 5 % of a core for half a second (at most 60 s), so that
     * the closes, their logging and the JIT compilations the warm-up queued are behind it: a JVM
     * compiles the queue in the background, at the cost of whatever runs next. Without a server pid,
     * waits 2 s. Returns how long it waited, in ms.
     */
    private long awaitServerIdle() throws InterruptedException {
        long start = System.nanoTime();
        if (probe == null) {
            Thread.sleep(2000);
            return 2000;
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        long window = TimeUnit.MILLISECONDS.toNanos(500);
        long before = cpu();
        while (System.nanoTime() < deadline) {
            Thread.sleep(window / 1_000_000);
            long now = cpu();
            if (now - before < window / 20) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void fanout(int processes) throws InterruptedException, ExecutionException, TimeoutException {
        int subs = o.channels * o.subscribers;
        addShards(processes, subs, "sub", (from, count) -> new SubscriberShard(o, from, count));
        List<ShardHandle> subscribers = List.copyOf(shards);
        PublisherShard publishers = new PublisherShard(o, subs);
        shards.add(publishers);
        progress = new Progress(o, shards, err);
        List<ObjectNode> ready = all(subscribers, ShardHandle::start, rampLimit(subs));
        ready.add(publishers.start().get(rampLimit(o.publishers).toMillis(), TimeUnit.MILLISECONDS));
        Ready r = mergeReady(ready, result.putObject("connections"));
        if (r.failed > 0) {
            err.println("warning: " + r.failed + " connection(s) failed; they are left out of the figures");
        }
        all(subscribers, s -> s.go(JSON.createObjectNode()), Duration.ofSeconds(30));
        CompletableFuture<ObjectNode> publishing = publishers.go(JSON.createObjectNode());
        sleepUntil(System.nanoTime() + o.warmupValue().toNanos());
        long subscribersPerChannel = Math.round((double) o.subscribers * r.opened / Math.max(1, subs + o.publishers));
        CatchUp.Outcome caught = CatchUp.await(() -> backlog(publishers, subscribers, subscribersPerChannel),
                CatchUp.threshold(o.rate, subscribersPerChannel), o.catchUpLimitValue(), Duration.ofMillis(20));
        long t0 = System.nanoTime();
        publishers.measureFrom(t0);
        long cpuA = cpu();
        Map<String, Long> threadsA = threads();
        long selfA = self.cpuNanos();
        progress.mark();
        reportCatchUp(caught);
        ObjectNode pub = publishing.get(o.durationValue().plus(o.drainTimeoutValue()).plusSeconds(30).toMillis(),
                TimeUnit.MILLISECONDS);
        ObjectNode finishParams = JSON.createObjectNode();
        finishParams.set("published", pub.get("published"));
        List<ObjectNode> results = all(subscribers, s -> s.finish(finishParams),
                o.drainTimeoutValue().plusSeconds(30));
        long cpuB = cpu();
        Map<String, Long> threadsB = threads();
        long selfB = self.cpuNanos();
        closeAll(shards);

        ObjectNode f = result.putObject("fanout");
        f.put("subscribers", subs);
        f.put("channels", o.channels);
        f.put("publishers", o.publishers);
        f.put("rate", o.rate);
        f.put("size", o.size);
        f.put("published", sum(List.of(pub), "sent"));
        f.put("publishErrors", pub.path("publishErrors").asLong());
        f.put("unacknowledged", pub.path("unacknowledged").asLong());
        f.put("measuredPublished", pub.path("measuredSent").asLong());
        f.putObject("catchUp").put("caughtUp", caught.caughtUp()).put("seconds", round(caught.waitedNanos() / 1e9))
                .put("backlogAtStart", caught.backlog()).put("limitSeconds", round(o.catchUpLimitValue().toMillis() / 1e3));
        for (String k : List.of("expected", "received", "measured", "lost", "duplicated", "reordered", "unhealthy",
                "lostByUnhealthy")) {
            f.put(k, sum(results, k));
        }
        long last = results.stream().mapToLong(x -> x.path("lastReceive").asLong()).max().orElse(t0);
        double window = Math.max(1e-9, (last - t0) / 1e9);
        long measured = sum(results, "measured");
        f.put("windowSeconds", round(window));
        f.put("deliveriesPerSecond", round(measured / window));
        putLatency(f, results);
        serverCpu(cpuA, cpuB, threadsA, threadsB, window, measured, "deliveriesPerCpuSecond");
        generatorCpu(selfA, selfB, window, processes);
    }

    /** Deliveries published but not yet received, over all channels. */
    private static long backlog(PublisherShard publishers, List<ShardHandle> subscribers, long subscribersPerChannel) {
        long expected = 0;
        for (long sent : publishers.sentPerChannel()) {
            expected += sent * subscribersPerChannel;
        }
        long received = 0;
        for (ShardHandle s : subscribers) {
            received += s.counters()[3];
        }
        return Math.max(0, expected - received);
    }

    private void reportCatchUp(CatchUp.Outcome caught) {
        if (caught.caughtUp()) {
            err.printf("warm-up over: subscribers caught up %.1f s after the fixed warm-up; measuring%n",
                    caught.waitedNanos() / 1e9);
        } else {
            err.printf("warning: subscribers still %d deliveries behind %.1f s after the fixed warm-up (--catch-up-limit); "
                    + "measuring anyway, the figures include that backlog%n", caught.backlog(), caught.waitedNanos() / 1e9);
        }
    }

    private void echo(int processes) throws InterruptedException, ExecutionException, TimeoutException {
        addShards(processes, o.connections, "echo", (from, count) -> new EchoShard(o, from, count));
        progress = new Progress(o, shards, err);
        Ready r = mergeReady(all(shards, ShardHandle::start, rampLimit(o.connections)), result.putObject("connections"));
        long t0 = System.nanoTime() + o.warmupValue().toNanos();
        ObjectNode goParams = JSON.createObjectNode().put("t0", t0);
        List<CompletableFuture<ObjectNode>> going = new ArrayList<>();
        shards.forEach(s -> going.add(s.go(goParams)));
        sleepUntil(t0);
        long cpuA = cpu();
        Map<String, Long> threadsA = threads();
        long selfA = self.cpuNanos();
        progress.mark();
        List<ObjectNode> results = new ArrayList<>();
        long limit = System.nanoTime() + o.durationValue().plus(o.drainTimeoutValue()).plusSeconds(30).toNanos();
        for (CompletableFuture<ObjectNode> g : going) {
            results.add(g.get(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        long end = System.nanoTime();
        long cpuB = cpu();
        Map<String, Long> threadsB = threads();
        long selfB = self.cpuNanos();
        all(shards, s -> s.finish(JSON.createObjectNode()), Duration.ofMinutes(1));
        closeAll(shards);
        ObjectNode e = result.putObject("echo");
        e.put("connections", r.opened);
        e.put("depth", o.depth);
        long measured = sum(results, "measured");
        double window = Math.max(1e-9, (end - t0) / 1e9);
        e.put("roundTrips", sum(results, "roundTrips"));
        e.put("measured", measured);
        e.put("errors", sum(results, "errors"));
        e.put("windowSeconds", round(window));
        e.put("roundTripsPerSecond", round(measured / window));
        putLatency(e, results);
        serverCpu(cpuA, cpuB, threadsA, threadsB, window, measured, "roundTripsPerCpuSecond");
        generatorCpu(selfA, selfB, window, processes);
    }

    // ---- helpers ----

    private void addShards(int processes, int n, String role, BiFunction<Integer, Integer, ShardHandle> local) {
        if (processes == 1) {
            shards.add(local.apply(0, n));
        } else {
            split(processes, n, role);
        }
    }

    private void split(int processes, int n, String role) {
        int from = 0;
        for (int i = 0; i < processes; i++) {
            int count = n / processes + (i < n % processes ? 1 : 0);
            shards.add(new ForkedShard(o.originalArgs, role, from, count));
            from += count;
        }
    }

    private Duration rampLimit(int n) {
        return o.handshakeTimeoutValue().multipliedBy(2).plusSeconds(30 + n / 200);
    }

    /** The shards' latency histograms, merged: their summary and curve. */
    private static void putLatency(ObjectNode into, List<ObjectNode> results) {
        Histogram h = Latencies.newHistogram();
        results.forEach(x -> h.add(Latencies.decode(x.get("histogram").asText())));
        into.set("latency", Latencies.summary(h));
        into.set("latencyCurve", Latencies.curve(h));
    }

    private void serverCpu(long cpuA, long cpuB, Map<String, Long> threadsA, Map<String, Long> threadsB, double window,
                           long measured, String perCpuKey) {
        ObjectNode server = result.putObject("server");
        if (probe == null || cpuA < 0 || cpuB < 0) {
            return;
        }
        double cpuSeconds = (cpuB - cpuA) / 1e9;
        server.put("pid", probe.pid());
        server.put("cpuSeconds", round(cpuSeconds));
        server.put("cpuUtilisation", round(cpuSeconds / window));
        server.put(perCpuKey, cpuSeconds <= 0 ? 0 : round(measured / cpuSeconds));
        server.put("rssBytes", probe.rssBytes());
        putThreadCpu(server, threadsA, threadsB);
    }

    /**
     * The server's CPU seconds between two readings by kind of thread, largest first (those under
     * 5 ms left out): for a JVM, how much of its CPU was the event loops and how much the JIT
     * compiler, the collector and the rest.
     */
    private static void putThreadCpu(ObjectNode server, Map<String, Long> before, Map<String, Long> after) {
        ObjectNode threads = server.putObject("threadCpuSeconds");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L))))
                .filter(e -> e.getValue() >= 5_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> threads.put(e.getKey(), round(e.getValue() / 1e9)));
    }

    /** CPU of this generator process over the measured window (forked processes not included). */
    private void generatorCpu(long a, long b, double window, int processes) {
        ObjectNode gen = (ObjectNode) result.get("generator");
        gen.put("parentCpuUtilisation", round((b - a) / 1e9 / window));
        if (processes > 1) {
            gen.put("note", "parentCpuUtilisation excludes the forked generator processes");
        }
    }

    private static List<ObjectNode> all(List<ShardHandle> list,
                                        java.util.function.Function<ShardHandle, CompletableFuture<ObjectNode>> phase,
                                        Duration limit) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<ObjectNode>> futures = new ArrayList<>();
        for (ShardHandle s : list) {
            futures.add(phase.apply(s));
        }
        long deadline = System.nanoTime() + limit.toNanos();
        List<ObjectNode> results = new ArrayList<>();
        for (CompletableFuture<ObjectNode> f : futures) {
            results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        return results;
    }

    private static void closeAll(List<ShardHandle> list) throws InterruptedException, ExecutionException, TimeoutException {
        all(list, s -> s.close().thenApply(v -> JSON.createObjectNode()), Duration.ofMinutes(1));
    }

    private record Ready(long opened, long failed, long firstStart, long lastUpgrade, long lastReady, Histogram handshakes) {
    }

    private Ready mergeReady(List<ObjectNode> ready, ObjectNode into) {
        long opened = 0;
        long failed = 0;
        long first = Long.MAX_VALUE;
        long lastUpgrade = 0;
        long lastReady = 0;
        Histogram h = Latencies.newHistogram();
        ObjectNode failures = JSON.createObjectNode();
        for (ObjectNode r : ready) {
            opened += r.path("opened").asLong();
            failed += r.path("failed").asLong();
            long fs = r.path("firstStart").asLong();
            if (fs > 0) {
                first = Math.min(first, fs);
            }
            lastUpgrade = Math.max(lastUpgrade, r.path("lastUpgrade").asLong());
            lastReady = Math.max(lastReady, r.path("lastReady").asLong());
            h.add(Latencies.decode(r.get("handshakeHistogram").asText()));
            r.path("failures").properties().forEach(e ->
                    failures.put(e.getKey(), failures.path(e.getKey()).asLong() + e.getValue().asLong()));
        }
        into.put("opened", opened);
        into.put("failed", failed);
        into.set("failures", failures);
        if (first == Long.MAX_VALUE) {
            first = lastReady;
        }
        return new Ready(opened, failed, first, lastUpgrade, lastReady, h);
    }

    private static long sum(List<ObjectNode> list, String key) {
        return list.stream().mapToLong(x -> x.path(key).asLong()).sum();
    }

    private long cpu() {
        return probe == null ? -1 : probe.cpuNanos();
    }

    private Map<String, Long> threads() {
        return probe == null ? Map.of() : probe.threadCpuNanos();
    }

    private long rss() {
        return probe == null ? -1 : probe.rssBytes();
    }

    private long heap() {
        return probe == null ? -1 : probe.heapUsedBytes(true);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The command line without the token secret. */
    static List<String> redacted(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals("--jwt-secret") && i + 1 < out.size()) {
                out.set(i + 1, "<redacted>");
            } else if (out.get(i).startsWith("--jwt-secret=")) {
                out.set(i, "--jwt-secret=<redacted>");
            }
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    // ---- output ----

    private int write() {
        String row = MarkdownRow.row(result);
        out.println(MarkdownRow.summary(result));
        out.println(MarkdownRow.header(o.scenario));
        out.println(row);
        try {
            if (o.out != null) {
                Path p = Path.of(o.out);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, JSON.writeValueAsString(result) + "\n");
            }
            if (o.md != null) {
                Path p = Path.of(o.md);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                String text = (Files.exists(p) ? "" : MarkdownRow.header(o.scenario) + "\n") + row + "\n";
                Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            err.println("error: cannot write results: " + e.getMessage());
            return 1;
        }
        return healthy() ? 0 : 1;
    }

    /** A run with lost or reordered messages to healthy subscribers, or failed connections, exits 1. */
    private boolean healthy() {
        JsonNode f = result.path("fanout");
        boolean ok = result.path("connections").path("failed").asLong() == 0;
        if (!f.isMissingNode()) {
            ok &= f.path("lost").asLong() == 0 && f.path("reordered").asLong() == 0 && f.path("publishErrors").asLong() == 0;
        }
        JsonNode e = result.path("echo");
        if (!e.isMissingNode()) {
            ok &= e.path("errors").asLong() == 0;
        }
        return ok;
    }

    ObjectNode result() {
        return result;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
