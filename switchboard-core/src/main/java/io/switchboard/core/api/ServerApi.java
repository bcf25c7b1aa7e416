package io.switchboard.core.api;

import io.switchboard.core.engine.Control;
import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.hub.ChannelAccess;
import io.switchboard.core.hub.Hub;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.StreamPosition;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What an application backend may do, in process. The HTTP API ({@link ApiRoutes}) is a thin layer
 * over this. Thread-safe; never blocks. Invalid arguments throw {@link ApiException} with status 400.
 */
public final class ServerApi {

    private final Hub hub;
    private final long startedAt = System.nanoTime();

    public ServerApi(Hub hub) {
        this.hub = hub;
    }

    /** Publishes into a channel (the namespace must exist; client publish permission does not apply). */
    public CompletionStage<StreamPosition> publish(String channel, Payload data) {
        ChannelAccess.Resolved ch = resolve(channel);
        return hub.publish(channel, ch.namespace(), requireData(data), null);
    }

    /** Sends {@code data} as a {@code message} push to every connection, or to the subscribers of {@code channels}. */
    public CompletionStage<Void> broadcast(Payload data, List<String> channels) {
        List<String> targets = channels == null ? List.of() : channels;
        targets.forEach(this::resolve);
        return hub.broker().publishControl(new Control.Broadcast(requireData(data), targets));
    }

    /** Unicast: a {@code message} push to every connection of {@code user}. */
    public CompletionStage<Void> send(String user, Payload data) {
        return hub.broker().publishControl(new Control.UserMessage(requireUser(user), requireData(data), null));
    }

    /**
     * Disconnects every connection of {@code user}, or only {@code client}. With {@code reconnect} the
     * clients are told to come back (code 3000), otherwise not to (3500).
     */
    public CompletionStage<Void> disconnect(String user, String client, boolean reconnect) {
        DisconnectCode code = reconnect ? DisconnectCode.SERVER_RECONNECT : DisconnectCode.SERVER_FORCE;
        return hub.broker().publishControl(new Control.DisconnectUser(requireUser(user), client, code.code(),
                code.reason(), reconnect));
    }

    /** Ends {@code user}'s subscription to {@code channel}; the client gets an {@code unsubscribed} push. */
    public CompletionStage<Void> unsubscribe(String user, String channel) {
        resolve(channel);
        return hub.broker().publishControl(new Control.UnsubscribeUser(requireUser(user), channel));
    }

    public CompletionStage<List<ClientInfo>> presence(String channel) {
        ChannelAccess.Resolved ch = resolve(channel);
        if (!ch.namespace().presence()) {
            throw new ApiException(400, "presence is off in namespace '" + ch.namespace().name() + "'");
        }
        return hub.presence().list(channel);
    }

    /** The newest {@code limit} publications (0: all kept), or those after {@code since}. */
    public CompletionStage<HistorySlice> history(String channel, int limit, StreamPosition since) {
        ChannelAccess.Resolved ch = resolve(channel);
        if (!ch.namespace().keepsHistory()) {
            throw new ApiException(400, "history is off in namespace '" + ch.namespace().name() + "'");
        }
        if (limit < 0) {
            throw new ApiException(400, "limit must not be negative");
        }
        int max = ch.namespace().historySize();
        return hub.broker().history(channel, new HistoryQuery(since, limit == 0 ? max : Math.min(limit, max)));
    }

    /** Channels with at least one subscriber on this node. */
    public List<String> channels() {
        return hub.channels();
    }

    public NodeInfo info() {
        return new NodeInfo(hub.options().nodeId(), hub.connectionCount(), hub.userCount(), hub.channels().size(),
                hub.draining(), (System.nanoTime() - startedAt) / 1_000_000_000L);
    }

    private ChannelAccess.Resolved resolve(String channel) {
        ChannelAccess.Resolved ch = hub.access().resolve(channel);
        if (!ch.ok()) {
            throw new ApiException(400, ch.error().message());
        }
        return ch;
    }

    private static Payload requireData(Payload data) {
        if (data == null) {
            throw new ApiException(400, "data is required");
        }
        return data;
    }

    private static String requireUser(String user) {
        if (user == null || user.isBlank()) {
            throw new ApiException(400, "user is required");
        }
        return user;
    }
}
