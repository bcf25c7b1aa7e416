package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ReplyError;

import java.util.Optional;

/**
 * A failed request or a reported problem: either the server's error reply (codes 100 and up, see
 * {@link ErrorCode} and docs/protocol.md) or a failure the client detected ({@link ClientErrorCode},
 * below 100; the same table as every Switchboard client's, docs/protocol.md "Client-side error codes").
 * {@link #temporary()} says whether the same call may succeed when retried later.
 */
public final class SwitchboardException extends RuntimeException {

    private final int code;
    private final boolean temporary;

    public SwitchboardException(int code, String message, boolean temporary, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.temporary = temporary;
    }

    /** The server's error reply. */
    public static SwitchboardException fromReply(ReplyError error) {
        return new SwitchboardException(error.code(), error.message(), error.temporary(), null);
    }

    /** A client-side failure. */
    public static SwitchboardException of(ClientErrorCode code) {
        return new SwitchboardException(code.code(), code.message(), code.temporary(), null);
    }

    /** A client-side failure with a detail appended to the code's message, and an optional cause. */
    public static SwitchboardException of(ClientErrorCode code, String detail, Throwable cause) {
        return new SwitchboardException(code.code(), code.message() + ": " + detail, code.temporary(), cause);
    }

    /** The numeric code: the server's (100 and up) or the client's (below 100). */
    public int code() {
        return code;
    }

    public boolean temporary() {
        return temporary;
    }

    /** The server's error code, when this is a server error reply with a known code. */
    public Optional<ErrorCode> serverCode() {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code() == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The client's error code, when the client detected this failure. */
    public Optional<ClientErrorCode> clientCode() {
        for (ClientErrorCode c : ClientErrorCode.values()) {
            if (c.code() == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "SwitchboardException[code=" + code + ", temporary=" + temporary + "]: " + getMessage();
    }
}
