package io.switchboard.core.engine.memory;

import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.engine.HistoryStore;
import io.switchboard.core.engine.PublishOptions;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * History held in this process. Every stage it returns is already complete. A restart loses the
 * history, and every stream created afterwards carries a new epoch, so clients learn of the loss.
 */
public final class InMemoryHistoryStore implements HistoryStore {

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile long nextSweep;

    public InMemoryHistoryStore() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic clock deciding expiry (injectable for tests) */
    public InMemoryHistoryStore(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextSweep = nanoTime.getAsLong() + SWEEP_INTERVAL_NANOS;
    }

    @Override
    public CompletionStage<Appended> append(String channel, Publication publication, PublishOptions options) {
        long now = nanoTime.getAsLong();
        sweepExpired(now);
        Stream stream = liveStream(channel, now);
        synchronized (stream) {
            Publication stored = new Publication(publication.id(), ++stream.lastOffset, publication.data(),
                    publication.info());
            stream.publications.addLast(stored);
            while (stream.publications.size() > options.historySize()) {
                stream.publications.removeFirst();
            }
            stream.expiresAt = now + options.historyTtl().toNanos();
            return CompletableFuture.completedFuture(
                    new Appended(stored, new StreamPosition(stream.lastOffset, stream.epoch)));
        }
    }

    @Override
    public CompletionStage<HistorySlice> read(String channel, HistoryQuery query) {
        long now = nanoTime.getAsLong();
        sweepExpired(now); // reads create streams too, so they must also clear out forgotten ones
        Stream stream = liveStream(channel, now);
        synchronized (stream) {
            StreamPosition position = new StreamPosition(stream.lastOffset, stream.epoch);
            StreamPosition since = query.since();
            if (since == null) {
                return done(newest(stream, query.limit()), position, true);
            }
            if (!since.epoch().equals(stream.epoch) || since.offset() > stream.lastOffset || since.offset() < 0) {
                return done(List.of(), position, false);
            }
            long firstKept = stream.publications.isEmpty()
                    ? stream.lastOffset + 1 : stream.publications.peekFirst().offset();
            boolean complete = firstKept <= since.offset() + 1;
            List<Publication> result = new ArrayList<>();
            for (Publication p : stream.publications) {
                if (p.offset() > since.offset()) {
                    if (result.size() >= query.limit()) {
                        break;
                    }
                    result.add(p);
                }
            }
            return done(result, position, complete);
        }
    }

    @Override
    public CompletionStage<Void> remove(String channel) {
        streams.remove(channel);
        return CompletableFuture.completedFuture(null);
    }

    /** Number of channels with a stream, for tests and metrics. */
    public int streamCount() {
        return streams.size();
    }

    private static List<Publication> newest(Stream stream, int limit) {
        int skip = Math.max(0, stream.publications.size() - limit);
        List<Publication> result = new ArrayList<>(Math.min(limit, stream.publications.size()));
        Iterator<Publication> it = stream.publications.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Publication p = it.next();
            if (i >= skip) {
                result.add(p);
            }
        }
        return result;
    }

    private static CompletionStage<HistorySlice> done(List<Publication> pubs, StreamPosition pos, boolean complete) {
        return CompletableFuture.completedFuture(new HistorySlice(List.copyOf(pubs), pos, complete));
    }

    /**
     * The channel's stream. An expired stream loses its publications but keeps its epoch and offset,
     * so offsets never go back while subscribers may still hold them; recovering across the loss
     * reports {@code complete=false}.
     */
    private Stream liveStream(String channel, long now) {
        Stream stream = streams.computeIfAbsent(channel, c -> new Stream(now));
        synchronized (stream) {
            if (stream.expired(now)) {
                stream.publications.clear();
            }
        }
        return stream;
    }

    private void sweepExpired(long now) {
        if (now - nextSweep < 0) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_NANOS;
        streams.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().forgettable(now);
            }
        });
    }

    private static final class Stream {
        private static final long FORGET_AFTER_NANOS = TimeUnit.HOURS.toNanos(1);

        final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        final ArrayDeque<Publication> publications = new ArrayDeque<>();
        long lastOffset;
        long expiresAt;

        Stream(long now) {
            this.expiresAt = now;
        }

        boolean expired(long now) {
            return !publications.isEmpty() && now - expiresAt >= 0;
        }

        /**
         * Long after its history expired a stream is dropped entirely (its next publication starts a
         * new epoch): memory is bounded by active channels, not by every channel ever seen.
         */
        boolean forgettable(long now) {
            return now - expiresAt - FORGET_AFTER_NANOS >= 0;
        }
    }
}
