package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.client.WsConnection;
import io.switchboard.bench.report.Latencies;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code echo}: each connection keeps {@code --depth} {@code ping} commands in flight and sends the
 * next as soon as a reply arrives (closed loop), until the measured phase has lasted
 * {@code --duration} or carried {@code --messages} round trips in total. A round trip is measured
 * from just before its frame is written to the reply's arrival.
 */
public final class EchoShard extends Shard {

    private final Latencies latencies = new Latencies();

    public EchoShard(BenchOptions options, int from, int count) {
        super(options, from, count, 0);
    }

    @Override
    protected WsConnection.Listener listener(int global) {
        return new Pinger(options.depth);
    }

    @Override
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        long t0 = params.get("t0").asLong();
        long end = t0 + options.durationValue().toNanos();
        long max = Math.max(1, options.messages / Math.max(1, options.connections));
        CompletableFuture<ObjectNode> done = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(connections.size() + 1);
        Runnable oneDone = () -> {
            if (running.decrementAndGet() == 0) {
                done.complete(report());
            }
        };
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Pinger p && c.isOpen()) {
                c.channel().eventLoop().execute(() -> p.start(c, t0, end, max, oneDone));
            } else {
                oneDone.run();
            }
        }
        oneDone.run();
        return done;
    }

    private ObjectNode report() {
        ObjectNode o = object();
        long total = 0;
        long measured = 0;
        long errors = 0;
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Pinger p) {
                total += p.replies;
                measured += p.measured;
                errors += p.errors;
            }
        }
        o.put("roundTrips", total);
        o.put("measured", measured);
        o.put("errors", errors);
        o.put("histogram", Latencies.encode(latencies.snapshot()));
        return o;
    }

    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        return CompletableFuture.completedFuture(object());
    }

    private final class Pinger implements WsConnection.Listener {
        final long[] sentAt;
        long nextId = 1;
        long t0;
        long end;
        long max;
        int inFlight;
        boolean stopping;
        Runnable onDone;
        volatile long replies;
        volatile long measured;
        volatile long errors;

        Pinger(int depth) {
            sentAt = new long[depth];
        }

        @Override
        public void onReady(WsConnection c) {
            String setup = dialect.beforeEcho();
            if (setup != null) {
                c.send(setup);
            }
        }

        void start(WsConnection c, long t0, long end, long max, Runnable onDone) {
            this.t0 = t0;
            this.end = end;
            this.max = max;
            this.onDone = onDone;
            for (int i = 0; i < sentAt.length; i++) {
                sendNext(c, false);
            }
            c.flush();
        }

        private void sendNext(WsConnection c, boolean flush) {
            long id = nextId++;
            long now = System.nanoTime();
            sentAt[(int) (id % sentAt.length)] = now;
            inFlight++;
            c.write(dialect.ping(id));
            sent.increment();
            if (flush) {
                c.flush();
            }
        }

        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            if (onDone == null) {
                return;
            }
            long now = System.nanoTime();
            inFlight--;
            replies++;
            received.increment();
            if (error) {
                errors++;
            }
            long sentNanos = sentAt[(int) (id % sentAt.length)];
            if (sentNanos >= t0) {
                measured++;
                latencies.recordNanos(now - sentNanos);
            }
            if (!stopping && (now >= end || measured >= max)) {
                stopping = true;
            }
            if (!stopping) {
                sendNext(c, true);
            } else if (inFlight == 0) {
                Runnable r = onDone;
                onDone = null;
                r.run();
            }
        }

        @Override
        public void onClosed(WsConnection c, String reason) {
            closed.increment();
            if (onDone != null) {
                Runnable r = onDone;
                onDone = null;
                r.run();
            }
        }
    }
}
