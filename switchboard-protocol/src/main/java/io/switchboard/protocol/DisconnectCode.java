package io.switchboard.protocol;

/**
 * Why the server closed a connection: the WebSocket close code, the reason, and whether the client
 * should reconnect. One table for the server and every client (docs/protocol.md).
 *
 * <p>Ranges: 1000-1015 are RFC 6455 codes; 3000-3499 ask the client to reconnect; 3500-3999 ask it
 * not to; 4000-4999 are left to applications.
 */
public enum DisconnectCode {
    NORMAL(1000, "normal closure", false),
    GOING_AWAY(1001, "server shutting down", true),
    PROTOCOL_ERROR(1002, "protocol error", false),
    UNSUPPORTED_DATA(1003, "unsupported frame type for the subprotocol", false),
    INVALID_PAYLOAD(1007, "invalid frame payload", false),
    POLICY_VIOLATION(1008, "policy violation", false),
    MESSAGE_TOO_BIG(1009, "message too big", false),
    INTERNAL_ERROR(1011, "internal error", true),

    SERVER_RECONNECT(3000, "disconnected by server", true),
    SLOW_CONSUMER(3001, "slow consumer", true),
    NO_HEARTBEAT(3002, "no inbound traffic", true),
    TOKEN_EXPIRED(3003, "token expired", true),
    RATE_LIMITED(3004, "rate limit exceeded", true),

    SERVER_FORCE(3500, "disconnected by server", false),
    INVALID_TOKEN(3501, "invalid token", false),
    BAD_REQUEST(3502, "bad request", false);

    private final int code;
    private final String reason;
    private final boolean reconnect;

    DisconnectCode(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    public int code() { return code; }

    public String reason() { return reason; }

    public boolean reconnect() { return reconnect; }

    /**
     * The reconnect advice for any close code, including ones not in this table: 1005/1006 (the
     * connection ended without a close frame: a network problem), 1012 (service restart) and 1013
     * (try again later) mean reconnect; otherwise the 3000-3499 range does.
     */
    public static boolean reconnectAdvised(int closeCode) {
        for (DisconnectCode c : values()) {
            if (c.code == closeCode) {
                return c.reconnect;
            }
        }
        return closeCode == 1005 || closeCode == 1006 || closeCode == 1012 || closeCode == 1013
                || closeCode >= 3000 && closeCode < 3500;
    }
}
