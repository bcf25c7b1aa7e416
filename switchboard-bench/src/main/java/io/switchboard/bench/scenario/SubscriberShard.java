package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.client.WsConnection;
import io.switchboard.bench.report.Latencies;

import java.util.concurrent.CompletableFuture;

/**
 * {@code fanout} subscribers: subscriber {@code g} listens to channel {@code g mod C}; every
 * measured publication's {@code t} gives its publish-to-receive latency, {@code p}/{@code s} its publisher and
 * sequence number, checked for order per publisher. At the end each subscriber's count is compared
 * with what the publishers had acknowledged into its channel: the difference is lost.
 */
public final class SubscriberShard extends Shard {

    private final Latencies latencies = new Latencies();

    public SubscriberShard(BenchOptions options, int from, int count) {
        super(options, from, count, 0);
    }

    @Override
    protected String channelOf(int global) {
        return options.channel(global % options.channels);
    }

    @Override
    protected WsConnection.Listener listener(int global) {
        return new Subscriber(global % options.channels, options.publishers);
    }

    /** Nothing to start: which publications count is marked in each payload by its publisher. */
    @Override
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        return CompletableFuture.completedFuture(object());
    }

    /** @param params {@code published}: acknowledged publications per publisher */
    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        JsonNode published = params.get("published");
        long[] perChannel = new long[options.channels];
        for (int p = 0; p < published.size(); p++) {
            perChannel[p % options.channels] += published.get(p).asLong();
        }
        awaitDrain(() -> allReceived(perChannel), 20);
        long expected = 0;
        long got = 0;
        long measured = 0;
        long lost = 0;
        long extra = 0;
        long reordered = 0;
        long unhealthy = 0;
        long lostByUnhealthy = 0;
        long last = 0;
        for (WsConnection c : connections) {
            if (!(c.listenerRef() instanceof Subscriber s) || !s.isSubscribed()) {
                continue;
            }
            long exp = perChannel[s.channel];
            expected += exp;
            got += s.received;
            measured += s.measured;
            reordered += s.reordered;
            last = Math.max(last, s.lastNanos);
            long missing = Math.max(0, exp - s.received);
            extra += Math.max(0, s.received - exp);
            if (s.closedReason != null) {
                unhealthy++;
                lostByUnhealthy += missing;
            } else {
                lost += missing;
            }
        }
        ObjectNode o = object();
        o.put("expected", expected);
        o.put("received", got);
        o.put("measured", measured);
        o.put("lost", lost);
        o.put("duplicated", extra);
        o.put("reordered", reordered);
        o.put("unhealthy", unhealthy);
        o.put("lostByUnhealthy", lostByUnhealthy);
        o.put("lastReceive", last);
        o.put("histogram", Latencies.encode(latencies.snapshot()));
        return CompletableFuture.completedFuture(o);
    }

    private boolean allReceived(long[] perChannel) {
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Subscriber s && s.closedReason == null && s.isSubscribed()
                    && s.received < perChannel[s.channel]) {
                return false;
            }
        }
        return true;
    }

    private final class Subscriber extends Subscribing {
        final int channel;
        final long[] lastSeq;
        final long[] scratch = new long[4];
        volatile long received;
        volatile long measured;
        volatile long reordered;
        volatile long lastNanos;
        volatile String closedReason;

        Subscriber(int channel, int publishers) {
            this.channel = channel;
            this.lastSeq = new long[publishers];
        }

        @Override
        public void onPublication(WsConnection c, ByteBuf buf, int index, int length) {
            long now = System.nanoTime();
            if (!Payloads.scan(buf, index, length, scratch)) {
                return;
            }
            received++;
            SubscriberShard.this.received.increment();
            lastNanos = now;
            if (scratch[3] == 1) {
                measured++;
                latencies.recordNanos(now - scratch[0]);
            }
            int p = (int) scratch[1];
            if (p >= 0 && p < lastSeq.length) {
                if (scratch[2] <= lastSeq[p]) {
                    reordered++;
                } else {
                    lastSeq[p] = scratch[2];
                }
            }
        }

        @Override
        public void onClosed(WsConnection c, String reason) {
            closedReason = reason;
            closed.increment();
        }
    }
}
