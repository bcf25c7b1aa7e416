package io.switchboard.core.engine;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.concurrent.CompletionStage;

/**
 * Moves publications between the nodes that have subscribers, and keeps channel history: storing a
 * publication and delivering it must be one atomic step per channel, otherwise a client could see
 * offsets out of order or miss one during recovery.
 *
 * <p>Delivery goes to the {@link BrokerListener} given to {@link #start}; for one channel, the
 * listener is called in offset order and never concurrently. All methods are called on event-loop
 * threads and must not block.
 */
public interface Broker extends AutoCloseable {

    /** Begins delivering to {@code listener}. Called once, before any other method. */
    void start(BrokerListener listener);

    /**
     * Stores (when {@code options} keep history) and delivers a publication to every node
     * subscribed to {@code channel}.
     *
     * @param id   the publication's unique id
     * @param info the publisher, or null for the server API
     * @return the publication's position; {@link StreamPosition#NONE} when no history is kept
     */
    CompletionStage<StreamPosition> publish(String channel, String id, Payload data, ClientInfo info,
                                            PublishOptions options);

    /** Delivers a join or leave event to the channel's subscribers on every node. */
    CompletionStage<Void> publishPresenceEvent(String channel, ClientInfo info, boolean join);

    /** Delivers a node-level command (unicast, broadcast, disconnect) to every node. */
    CompletionStage<Void> publishControl(Control control);

    /** This node now has subscribers for {@code channel} (idempotent). */
    CompletionStage<Void> subscribe(String channel);

    /** This node no longer has subscribers for {@code channel} (idempotent). */
    CompletionStage<Void> unsubscribe(String channel);

    CompletionStage<HistorySlice> history(String channel, HistoryQuery query);

    CompletionStage<Void> removeHistory(String channel);

    @Override
    void close();

    /** Receives what the broker delivers to this node. Must not block. */
    interface BrokerListener {
        void onPublication(String channel, Publication publication);

        void onPresenceEvent(String channel, ClientInfo info, boolean join);

        void onControl(Control control);
    }
}
