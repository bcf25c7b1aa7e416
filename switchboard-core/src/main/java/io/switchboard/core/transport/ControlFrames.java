package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Server-to-client control frames (RFC 6455 section 5.5), framed here so that the pipeline needs no
 * frame encoder: every outbound message is already bytes (see {@code hub.OutboundFrame}), and a write
 * goes from the connection straight to the socket.
 */
final class ControlFrames {

    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    /** A control frame's payload is at most 125 bytes; a close frame's has 2 for the code. */
    private static final int MAX_CLOSE_REASON = 123;

    private ControlFrames() {
    }

    static ByteBuf ping(ByteBufAllocator alloc) {
        return alloc.directBuffer(2).writeByte(0x80 | OPCODE_PING).writeByte(0);
    }

    /** A pong echoing {@code payload} (at most 125 bytes, which the decoder enforces for pings). */
    static ByteBuf pong(ByteBufAllocator alloc, ByteBuf payload) {
        int len = payload.readableBytes();
        ByteBuf buf = alloc.directBuffer(2 + len);
        buf.writeByte(0x80 | OPCODE_PONG).writeByte(len);
        buf.writeBytes(payload, payload.readerIndex(), len);
        return buf;
    }

    /** A close frame with {@code code} (or none when {@code code <= 0}) and a reason cut to fit. */
    static ByteBuf close(ByteBufAllocator alloc, int code, String reason) {
        if (code <= 0) {
            return alloc.directBuffer(2).writeByte(0x80 | OPCODE_CLOSE).writeByte(0);
        }
        byte[] text = truncate(reason == null ? "" : reason);
        ByteBuf buf = alloc.directBuffer(4 + text.length);
        buf.writeByte(0x80 | OPCODE_CLOSE).writeByte(2 + text.length);
        buf.writeShort(code);
        buf.writeBytes(text);
        return buf;
    }

    /** The reason's UTF-8 bytes, cut at a character boundary to fit a control frame. */
    private static byte[] truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON) {
            return bytes;
        }
        int end = MAX_CLOSE_REASON;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character: cut before that character starts
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
