package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.Tokens;
import io.switchboard.bench.client.Connector;
import io.switchboard.bench.client.Dialect;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.client.WsConnection;
import io.switchboard.bench.report.Latencies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Connections of one role in this process: opens them (handshake, then subscribe when the role
 * subscribes), and counts. Subclasses add the role's traffic.
 */
public abstract class Shard implements ShardHandle {

    /** The id of the subscribe command, the only command a subscribing connection sends. */
    private static final long SUBSCRIBE_ID = 1;

    protected final BenchOptions options;
    protected final Dialect dialect;
    protected final Connector connector;
    /** Global index of this shard's first connection (tokens and channels follow global indices). */
    protected final int from;
    protected final int count;
    protected final LongAdder opened = new LongAdder();
    protected final LongAdder failed = new LongAdder();
    protected final LongAdder sent = new LongAdder();
    protected final LongAdder received = new LongAdder();
    protected final LongAdder closed = new LongAdder();
    protected final Latencies handshakes = new Latencies();
    private final Map<String, Integer> failures = new TreeMap<>();
    protected List<WsConnection> connections = List.of();
    private long firstStart = Long.MAX_VALUE;
    private long lastUpgrade;
    private long lastReady;

    protected Shard(BenchOptions options, int from, int count, int tokenOffset) {
        this.options = options;
        this.dialect = Dialect.named(options.dialect);
        this.from = from;
        this.count = count;
        int sources = options.sourceAddresses > 0 ? options.sourceAddresses
                : Math.max(2, (options.connections + options.channels * options.subscribers) / 10_000 + 1);
        this.connector = new Connector(Target.parse(options.url), dialect, options.threads, sources,
                options.handshakeTimeoutValue().toMillis());
        IntFunction<String> minted = Tokens.of(options.jwtSecret, options.tokenTemplate, options.tokenTtlSeconds(), "bench-");
        this.tokens = i -> minted.apply(tokenOffset + i);
    }

    private final IntFunction<String> tokens;

    /**
     * The channel connection {@code global} subscribes to, or null (the default) when the role does not
     * subscribe. A subscribing role's listeners extend {@link Subscribing}.
     */
    protected String channelOf(int global) {
        return null;
    }

    /** The listener of connection {@code global}. */
    protected abstract WsConnection.Listener listener(int global);

    @Override
    public CompletableFuture<ObjectNode> start() {
        List<CompletableFuture<Void>> subscribed = new ArrayList<>();
        return connector.openAll(count, options.concurrency, n -> tokens.apply(from + n),
                        n -> listener(from + n), c -> {
                            CompletableFuture<Void> f = afterOpen(c);
                            synchronized (subscribed) {
                                subscribed.add(f);
                            }
                        })
                .thenCompose(all -> {
                    connections = all;
                    CompletableFuture<?>[] each;
                    synchronized (subscribed) {
                        each = subscribed.toArray(new CompletableFuture<?>[0]);
                    }
                    return CompletableFuture.allOf(each).thenApply(v -> readyReport());
                });
    }

    /** Records the handshake, then subscribes when the role needs it; never completes exceptionally. */
    private CompletableFuture<Void> afterOpen(WsConnection c) {
        return c.ready().handle((ok, err) -> {
            if (err != null) {
                failed.increment();
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                String reason = cause instanceof WsConnection.HandshakeException h && h.status() > 0
                        ? "HTTP " + h.status() : cause.getMessage();
                synchronized (failures) {
                    failures.merge(reason == null ? cause.toString() : reason, 1, Integer::sum);
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            synchronized (this) {
                firstStart = Math.min(firstStart, c.startedNanos());
                lastUpgrade = Math.max(lastUpgrade, c.upgradedNanos());
            }
            handshakes.recordNanos(c.upgradedNanos() - c.startedNanos());
            String channel = channelOf(from + c.index);
            if (channel == null) {
                opened.increment();
                markReady();
                return CompletableFuture.<Void>completedFuture(null);
            }
            CompletableFuture<Void> sub = new CompletableFuture<>();
            subscribe(c, channel, sub);
            return sub.orTimeout(options.handshakeTimeoutValue().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((v, e) -> {
                        if (e != null) {
                            failed.increment();
                            synchronized (failures) {
                                failures.merge("subscribe: " + e, 1, Integer::sum);
                            }
                        } else {
                            opened.increment();
                            markReady();
                        }
                        return (Void) null;
                    });
        }).thenCompose(f -> f);
    }

    private synchronized void markReady() {
        lastReady = System.nanoTime();
    }

    /** Sends the subscribe command; the connection's {@link Subscribing} listener completes {@code done} on the reply. */
    private void subscribe(WsConnection c, String channel, CompletableFuture<Void> done) {
        ((Subscribing) c.listenerRef()).subscribed = done;
        c.send(dialect.subscribe(SUBSCRIBE_ID, channel));
    }

    private ObjectNode readyReport() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("opened", opened.sum());
        o.put("failed", failed.sum());
        ObjectNode f = o.putObject("failures");
        synchronized (failures) {
            failures.forEach(f::put);
        }
        synchronized (this) {
            o.put("firstStart", firstStart == Long.MAX_VALUE ? 0 : firstStart);
            o.put("lastUpgrade", lastUpgrade);
            o.put("lastReady", lastReady);
        }
        o.put("handshakeHistogram", Latencies.encode(handshakes.snapshot()));
        return o;
    }

    @Override
    public long[] counters() {
        return new long[] {opened.sum(), failed.sum(), sent.sum(), received.sum(), closed.sum()};
    }

    @Override
    public CompletableFuture<Void> close() {
        closeAll();
        return CompletableFuture.completedFuture(null);
    }

    /** Closes every connection and the event loops. */
    protected void closeAll() {
        for (WsConnection c : connections) {
            c.close();
        }
        try {
            Thread.sleep(Math.min(2000, 100 + connections.size() / 20)); // lets close frames go out before the loops stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
    }

    @Override
    public void abort() {
        connector.close();
    }

    /** Polls {@code drained} every {@code pollMillis} until it holds or {@code --drain-timeout} has passed. */
    protected void awaitDrain(BooleanSupplier drained, long pollMillis) {
        long deadline = System.nanoTime() + options.drainTimeoutValue().toNanos();
        while (System.nanoTime() < deadline && !drained.getAsBoolean()) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    protected static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The listener of a subscribing role: completes the subscription on the subscribe command's reply. */
    protected abstract static class Subscribing implements WsConnection.Listener {
        CompletableFuture<Void> subscribed;

        /** Whether the subscribe command was acknowledged. */
        boolean isSubscribed() {
            return subscribed != null && subscribed.isDone() && !subscribed.isCompletedExceptionally();
        }

        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            if (id == SUBSCRIBE_ID && subscribed != null) {
                if (error) {
                    subscribed.completeExceptionally(new IllegalStateException("subscribe refused"));
                } else {
                    subscribed.complete(null);
                }
            }
        }
    }
}
