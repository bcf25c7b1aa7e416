package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.client.WsConnection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fanout} publishers: publisher {@code p} publishes into channel {@code p mod C} at
 * {@code rate / P} per second, paced by a 1 ms tick on its event loop (several publications due in
 * one tick go out in one flush). Publishing starts at {@code go} (warm-up traffic, marked unmeasured
 * in the payload); from {@link #measureFrom} on, publications are marked measured until the measured
 * phase has lasted {@code --duration} or carried {@code --messages} publications. Completes once
 * every publication is acknowledged (or the drain timeout passed) with the count per publisher of
 * publications not refused by the server (sent minus error replies).
 */
public final class PublisherShard extends Shard {

    private final String padding;
    /** nanoTime from which publications are measured; MAX_VALUE while warming up. */
    private volatile long measureStart = Long.MAX_VALUE;
    /** nanoTime at which publishing stops; MAX_VALUE until the measured phase is set. */
    private volatile long measureEnd = Long.MAX_VALUE;

    /** @param tokenOffset publishers' tokens follow the subscribers' */
    public PublisherShard(BenchOptions options, int tokenOffset) {
        super(options, 0, options.publishers, tokenOffset);
        this.padding = Payloads.padding(options.size);
    }

    @Override
    protected WsConnection.Listener listener(int global) {
        return new Publisher(global);
    }

    /** Starts publishing, unmeasured until {@link #measureFrom}. */
    @Override
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        long perPublisherMax = Math.max(1, options.messages / options.publishers);
        double perPublisherRate = options.rate / options.publishers;
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(connections.size());
        Runnable oneDone = () -> {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
        };
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Publisher pub && c.isOpen()) {
                pub.start(c, perPublisherMax, perPublisherRate, oneDone);
            } else {
                oneDone.run();
            }
        }
        // done completes on the last publisher's event loop, which must stay free to read the acks polled for
        return done.thenApplyAsync(v -> {
            awaitDrain(this::allAnswered, 10);
            return report();
        });
    }

    /** Publications from {@code t0} (a nanoTime) on are measured; publishing ends {@code --duration} later. */
    public void measureFrom(long t0) {
        measureEnd = t0 + options.durationValue().toNanos();
        measureStart = t0;
    }

    /** Publications sent so far into each channel (index = channel number). */
    public long[] sentPerChannel() {
        long[] out = new long[options.channels];
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Publisher p) {
                out[p.index % options.channels] += p.seq;
            }
        }
        return out;
    }

    /** Whether every open publisher has had a reply to each of its publications. */
    private boolean allAnswered() {
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Publisher p && p.acked + p.errors < p.seq && p.closedReason == null) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode report() {
        ObjectNode o = object();
        ArrayNode published = o.putArray("published");
        long sentTotal = 0;
        long errors = 0;
        long measured = 0;
        long lastSend = 0;
        long closedPublishers = 0;
        long unacked = 0;
        for (int p = 0; p < options.publishers; p++) {
            published.add(0);
        }
        for (WsConnection c : connections) {
            if (c.listenerRef() instanceof Publisher p) {
                // Refused publications (error replies) are not expected; unacknowledged ones may still arrive.
                published.set(p.index, p.seq - p.errors);
                unacked += p.seq - p.acked - p.errors;
                sentTotal += p.seq;
                errors += p.errors;
                measured += p.measured;
                lastSend = Math.max(lastSend, p.lastSend);
                if (p.closedReason != null) {
                    closedPublishers++;
                }
            }
        }
        o.put("sent", sentTotal);
        o.put("publishErrors", errors);
        o.put("measuredSent", measured);
        o.put("lastSend", lastSend);
        o.put("closedPublishers", closedPublishers);
        o.put("unacknowledged", unacked);
        return o;
    }

    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        return CompletableFuture.completedFuture(object());
    }

    private final class Publisher implements WsConnection.Listener {
        final int index;
        volatile long seq;
        volatile long acked;
        volatile long errors;
        volatile long measured;
        volatile long lastSend;
        volatile String closedReason;
        private ScheduledFuture<?> ticker;

        Publisher(int index) {
            this.index = index;
        }

        void start(WsConnection c, long max, double rate, Runnable onDone) {
            String channel = options.channel(index % options.channels);
            long start = System.nanoTime();
            Runnable[] stop = new Runnable[1];
            boolean[] stopped = {false};
            stop[0] = () -> {
                if (!stopped[0]) {
                    stopped[0] = true;
                    ticker.cancel(false);
                    onDone.run();
                }
            };
            c.channel().eventLoop().execute(() -> ticker = c.channel().eventLoop().scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                if (!c.isOpen() || now >= measureEnd || measured >= max) {
                    stop[0].run();
                    return;
                }
                long due = (long) ((now - start) / 1e9 * rate) + 1 - seq;
                int n = 0;
                while (due-- > 0 && measured < max) {
                    long t = System.nanoTime();
                    long s = ++seq;
                    boolean measuring = t >= measureStart;
                    c.write(dialect.publish(s + 1, channel, Payloads.data(t, index, s, measuring, padding)));
                    lastSend = t;
                    if (measuring) {
                        measured++;
                    }
                    n++;
                }
                if (n > 0) {
                    sent.add(n);
                    c.flush();
                }
            }, 0, 1, TimeUnit.MILLISECONDS));
        }

        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            if (error) {
                errors++;
            } else {
                acked++;
            }
        }

        @Override
        public void onClosed(WsConnection c, String reason) {
            closedReason = reason;
            closed.increment();
        }
    }
}
