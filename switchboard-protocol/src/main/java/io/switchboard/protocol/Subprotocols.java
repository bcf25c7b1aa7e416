package io.switchboard.protocol;

/** Names of the WebSocket subprotocols the node speaks. */
public final class Subprotocols {
    public static final String JSON = "switchboard.v1.json";
    public static final String PROTOBUF = "switchboard.v1.proto";

    private Subprotocols() {
    }
}
