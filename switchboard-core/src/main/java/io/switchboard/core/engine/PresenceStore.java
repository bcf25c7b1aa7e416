package io.switchboard.core.engine;

import io.switchboard.protocol.ClientInfo;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who is subscribed to a channel, across nodes. Stores shared between nodes expire entries a node
 * stopped refreshing (a crashed node must not leave ghosts); the in-memory store holds this node only.
 * Methods are called on event-loop threads and must not block.
 */
public interface PresenceStore extends AutoCloseable {

    CompletionStage<Void> add(String channel, ClientInfo info);

    CompletionStage<Void> remove(String channel, String client);

    CompletionStage<List<ClientInfo>> list(String channel);

    @Override
    default void close() {
    }
}
