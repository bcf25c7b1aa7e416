package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;

/**
 * Checks an application call before it is sent, so that a bad argument fails that call instead of the
 * connection: the node closes a connection on an unreadable frame (3502, no reconnect; e.g. a JSON
 * {@code data} that is not valid JSON breaks the whole frame) or on an oversized one (1009).
 */
final class CommandCheck {

    /** The largest id the protocol allows: the check measures the frame as long as it can get. */
    static final long PROBE_ID = (1L << 53) - 1;

    private CommandCheck() {
    }

    /** Null when {@code command} can be sent; otherwise why not. */
    static SwitchboardException problem(ProtocolCodec codec, Command command, int maxMessageSize) {
        byte[] frame;
        try {
            frame = codec.encodeCommand(command);
        } catch (RuntimeException e) {
            return badRequest(e);
        }
        if (frame.length > maxMessageSize) {
            return SwitchboardException.of(ClientErrorCode.MESSAGE_TOO_LARGE,
                    frame.length + " bytes, the limit is " + maxMessageSize, null);
        }
        try {
            codec.decodeCommand(frame); // the node's own strict reader
            return null;
        } catch (ProtocolException e) {
            return badRequest(e);
        }
    }

    /** The server's {@code bad request} (107), which is what the node would have answered. */
    private static SwitchboardException badRequest(Exception e) {
        return new SwitchboardException(ErrorCode.BAD_REQUEST.code(), ErrorCode.BAD_REQUEST.message() + ": " + e.getMessage(),
                ErrorCode.BAD_REQUEST.temporary(), e);
    }
}
