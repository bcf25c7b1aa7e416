package io.switchboard.protocol;

/**
 * Error codes of command replies: one table for the server and every client (docs/protocol.md).
 * {@link #temporary()} tells a client whether the same command may succeed when retried later.
 */
public enum ErrorCode {
    INTERNAL(100, "internal error", true),
    UNAUTHORIZED(101, "unauthorized", false),
    UNKNOWN_CHANNEL(102, "unknown channel", false),
    PERMISSION_DENIED(103, "permission denied", false),
    METHOD_NOT_FOUND(104, "method not found", false),
    ALREADY_SUBSCRIBED(105, "already subscribed", false),
    LIMIT_EXCEEDED(106, "limit exceeded", false),
    BAD_REQUEST(107, "bad request", false),
    NOT_AVAILABLE(108, "not available", false),
    TOKEN_EXPIRED(109, "token expired", false),
    NOT_SUBSCRIBED(110, "not subscribed", false),
    TOO_MANY_REQUESTS(111, "too many requests", true),
    UNRECOVERABLE_POSITION(112, "unrecoverable position", false),
    MESSAGE_TOO_LARGE(113, "message too large", false);

    private final int code;
    private final String message;
    private final boolean temporary;

    ErrorCode(int code, String message, boolean temporary) {
        this.code = code;
        this.message = message;
        this.temporary = temporary;
    }

    public int code() { return code; }

    public String message() { return message; }

    public boolean temporary() { return temporary; }
}
