package io.switchboard.core.engine;

import io.switchboard.protocol.Payload;

import java.util.List;

/** Node-level commands that every node applies to its own connections. */
public sealed interface Control {

    /** Unicast: to every connection of {@code user}. {@code from} is the sending user or null. */
    record UserMessage(String user, Payload data, String from) implements Control {
    }

    /** To every connection, or only to the subscribers of {@code channels} when not empty. */
    record Broadcast(Payload data, List<String> channels) implements Control {
        public Broadcast {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }

    /** Disconnects every connection of {@code user} (or only {@code client} when not null). */
    record DisconnectUser(String user, String client, int code, String reason, boolean reconnect) implements Control {
    }

    /** Ends {@code user}'s subscription to {@code channel} on every connection. */
    record UnsubscribeUser(String user, String channel) implements Control {
    }
}
