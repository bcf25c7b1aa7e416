package io.switchboard.protocol;

/**
 * Codes of failures a client detects itself, as opposed to the server's error replies
 * ({@link ErrorCode}, 100 and up). One table for every client (docs/protocol.md, "Client-side error
 * codes"): the Java client and the JS client use the same names and numbers.
 *
 * <p>Codes below 100 never come from the server: a client reports them in the same error type as the
 * server's codes, and the two ranges never collide. {@link #temporary()} tells whether the same call
 * may succeed when retried later.
 */
public enum ClientErrorCode {
    /** No reply within the client's request timeout (time spent in the offline queue included). */
    TIMEOUT(1, "request timed out", true),
    /** The connection was lost after the command was sent; whether the server applied it is unknown. */
    CONNECTION_LOST(2, "connection lost", true),
    /** Called while not connected, and the offline queue is off. */
    NOT_CONNECTED(3, "not connected", true),
    /** Called while not connected, and the offline queue is full. */
    QUEUE_FULL(4, "offline queue full", true),
    /** The client is closed. */
    CLIENT_CLOSED(5, "client closed", false),
    /** The application disconnected the client before the request could be sent or answered. */
    DISCONNECTED(6, "client disconnected", true),
    /** A connection attempt failed (network, handshake refused, timeout); the client retries. */
    CONNECT_FAILED(7, "connect failed", true),
    /** The token supplier failed or returned no token. */
    TOKEN_UNAVAILABLE(8, "token unavailable", true),
    /** Refreshing the token on the live connection failed; the client retries until the token expires. */
    REFRESH_FAILED(9, "token refresh failed", true),
    /** The server sent something this client cannot read. */
    BAD_SERVER_FRAME(10, "unreadable server frame", false),
    /** The command is larger than the client's message size limit; the server would close the connection. */
    MESSAGE_TOO_LARGE(11, "message too large", false),
    /** A request on a subscription whose subscription ended before the reply arrived. */
    UNSUBSCRIBED(12, "unsubscribed", false);

    private final int code;
    private final String message;
    private final boolean temporary;

    ClientErrorCode(int code, String message, boolean temporary) {
        this.code = code;
        this.message = message;
        this.temporary = temporary;
    }

    /** The numeric code, always below 100. */
    public int code() { return code; }

    /** The message (prefix: a detail may follow after {@code ": "}). */
    public String message() { return message; }

    /** Whether the same call may succeed later. */
    public boolean temporary() { return temporary; }
}
