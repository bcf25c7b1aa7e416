package io.switchboard.protocol;

/**
 * A server-initiated frame. Its wire name is {@link #type()}.
 *
 * <p>Clients must ignore push types they do not know (docs/protocol.md, "Pushes"), so decoding a
 * well-formed frame with an unknown push type gives {@link Unknown} rather than an error.
 */
public sealed interface Push {

    String type();

    /**
     * First frame after the upgrade. {@code heartbeat} is the server ping interval in seconds;
     * {@code expires} is when the connection's token expires (Unix seconds, 0: never), so a client
     * knows when to {@code refresh} without parsing the token.
     */
    record Connected(String client, String user, String node, int heartbeat, long expires) implements Push {
        public String type() { return "connected"; }
    }

    record PublicationPush(String channel, Publication publication) implements Push {
        public String type() { return "publication"; }
    }

    /** Unicast or broadcast data; {@code from} is the sending user, or null for the server. */
    record Message(Payload data, String from) implements Push {
        public String type() { return "message"; }
    }

    record Join(String channel, ClientInfo info) implements Push {
        public String type() { return "join"; }
    }

    record Leave(String channel, ClientInfo info) implements Push {
        public String type() { return "leave"; }
    }

    /** The server ended a subscription. */
    record Unsubscribed(String channel, int code, String reason) implements Push {
        public String type() { return "unsubscribed"; }
    }

    /**
     * Sent right before the close frame. {@code delay} is the server's advice in milliseconds before
     * reconnecting (0: use the client's own backoff); meaningless when {@code reconnect} is false.
     */
    record Disconnect(int code, String reason, boolean reconnect, long delay) implements Push {
        public String type() { return "disconnect"; }

        public static Disconnect of(DisconnectCode code, long delay) {
            return new Disconnect(code.code(), code.reason(), code.reconnect(), delay);
        }
    }

    /**
     * A push of a type this codec does not know, from a newer server: decoded only, so that a client
     * can ignore it; encoding it is an {@link IllegalArgumentException}. {@code type} is the JSON
     * {@code push} name; in Protobuf, where the name is not on the wire, it is {@code "#"} followed by
     * the number of the unknown {@code Push.kind} field (e.g. {@code "#8"}).
     */
    record Unknown(String type) implements Push {
        public Unknown {
            java.util.Objects.requireNonNull(type, "type");
        }
    }
}
