package io.switchboard.protocol;

/**
 * A frame that could not be decoded into a command. When {@link #commandId()} is positive the
 * command's id was readable and the peer gets an error reply; otherwise the frame is unanswerable
 * and the connection is closed with {@link DisconnectCode#BAD_REQUEST}.
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final long commandId;

    public ProtocolException(ErrorCode code, String detail, long commandId) {
        super(detail);
        this.code = code;
        this.commandId = commandId;
    }

    public ProtocolException(String detail) {
        this(ErrorCode.BAD_REQUEST, detail, 0);
    }

    public ErrorCode code() { return code; }

    public long commandId() { return commandId; }

    public ReplyError toReplyError() {
        return ReplyError.of(code, getMessage());
    }
}
