package io.switchboard.core.engine.memory;

import io.switchboard.core.engine.PresenceStore;
import io.switchboard.protocol.ClientInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of this node's connections only. Entries leave with their connections, so no TTL is needed. */
public final class InMemoryPresenceStore implements PresenceStore {

    private final Map<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> add(String channel, ClientInfo info) {
        // One atomic step: a concurrent remove of the last client must not drop the map we insert into.
        channels.compute(channel, (c, clients) -> {
            Map<String, ClientInfo> m = clients == null ? new ConcurrentHashMap<>() : clients;
            m.put(info.client(), info);
            return m;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String channel, String client) {
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.remove(client);
            return clients.isEmpty() ? null : clients;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<ClientInfo>> list(String channel) {
        Map<String, ClientInfo> clients = channels.get(channel);
        return CompletableFuture.completedFuture(clients == null ? List.of() : List.copyOf(clients.values()));
    }

    /** Channels with at least one present client, for tests and metrics. */
    public int channelCount() {
        return channels.size();
    }
}
