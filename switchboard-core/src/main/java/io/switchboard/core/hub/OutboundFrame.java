package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Server-to-client WebSocket framing (RFC 6455 section 5.2: FIN set, no mask, no extensions).
 *
 * <p>Messages are framed here, once, instead of by Netty's frame encoder per connection: a broadcast
 * then costs one encode and one buffer shared by every recipient (each write takes a retained
 * duplicate), and the transport passes the bytes straight to the socket.
 */
public final class OutboundFrame {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private OutboundFrame() {
    }

    /** Frames {@code payload} into a new direct buffer owned by the caller. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte[] payload, boolean binary) {
        int len = payload.length;
        int header = len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
        ByteBuf buf = alloc.directBuffer(header + len);
        buf.writeByte(0x80 | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (len < 126) {
            buf.writeByte(len);
        } else if (len <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(len);
        } else {
            buf.writeByte(127);
            buf.writeLong(len);
        }
        buf.writeBytes(payload);
        return buf;
    }
}
