package io.switchboard.core.engine.memory;

import io.switchboard.core.engine.Broker;
import io.switchboard.core.engine.Control;
import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.engine.HistoryStore;
import io.switchboard.core.engine.PublishOptions;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker for a single node: delivery is a direct call to the listener, history is an
 * {@link InMemoryHistoryStore}. Store and deliver happen under one lock per channel stripe, so
 * offsets reach the listener in order.
 */
public final class InMemoryBroker implements Broker {

    private static final int STRIPES = 64;

    private final InMemoryHistoryStore history;
    private final Object[] locks = new Object[STRIPES];
    private volatile BrokerListener listener;

    public InMemoryBroker() {
        this(new InMemoryHistoryStore());
    }

    public InMemoryBroker(InMemoryHistoryStore history) {
        this.history = Objects.requireNonNull(history);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void start(BrokerListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    @Override
    public CompletionStage<StreamPosition> publish(String channel, String id, Payload data, ClientInfo info,
                                                   PublishOptions options) {
        Publication publication = new Publication(id, 0, data, info);
        synchronized (lockFor(channel)) {
            StreamPosition position = StreamPosition.NONE;
            if (options.keepsHistory()) {
                // Completes inline: the in-memory store never defers.
                HistoryStore.Appended appended = history.append(channel, publication, options)
                        .toCompletableFuture().join();
                publication = appended.publication();
                position = appended.position();
            }
            listener.onPublication(channel, publication);
            return CompletableFuture.completedFuture(position);
        }
    }

    @Override
    public CompletionStage<Void> publishPresenceEvent(String channel, ClientInfo info, boolean join) {
        synchronized (lockFor(channel)) {
            listener.onPresenceEvent(channel, info, join);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publishControl(Control control) {
        listener.onControl(control);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<HistorySlice> history(String channel, HistoryQuery query) {
        return history.read(channel, query);
    }

    @Override
    public CompletionStage<Void> removeHistory(String channel) {
        return history.remove(channel);
    }

    @Override
    public void close() {
    }

    private Object lockFor(String channel) {
        return locks[(channel.hashCode() & 0x7fffffff) % STRIPES];
    }
}
