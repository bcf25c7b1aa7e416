package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class OutboundFrameTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @Test
    void emptyPayloadIsATwoByteHeader() {
        ByteBuf frame = OutboundFrame.frame(ALLOC, new byte[0], false);
        try {
            assertThat(frame.readableBytes()).isEqualTo(2);
            assertThat(frame.getUnsignedByte(0)).isEqualTo((short) 0x81);
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) 0x00);
        } finally {
            frame.release();
        }
    }

    @Test
    void largestSevenBitLength() {
        byte[] payload = payload(125);
        ByteBuf frame = OutboundFrame.frame(ALLOC, payload, false);
        try {
            assertThat(frame.readableBytes()).isEqualTo(2 + 125);
            assertThat(frame.getUnsignedByte(0)).isEqualTo((short) 0x81);
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) 125);
            assertPayload(frame, 2, payload);
        } finally {
            frame.release();
        }
    }

    @Test
    void smallestSixteenBitLength() {
        byte[] payload = payload(126);
        ByteBuf frame = OutboundFrame.frame(ALLOC, payload, false);
        try {
            assertThat(frame.readableBytes()).isEqualTo(4 + 126);
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) 126);
            assertThat(frame.getUnsignedShort(2)).isEqualTo(126);
            assertPayload(frame, 4, payload);
        } finally {
            frame.release();
        }
    }

    @Test
    void largestSixteenBitLength() {
        byte[] payload = payload(65535);
        ByteBuf frame = OutboundFrame.frame(ALLOC, payload, true);
        try {
            assertThat(frame.readableBytes()).isEqualTo(4 + 65535);
            assertThat(frame.getUnsignedByte(0)).isEqualTo((short) 0x82);
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) 126);
            assertThat(frame.getByte(2)).isEqualTo((byte) 0xFF);
            assertThat(frame.getByte(3)).isEqualTo((byte) 0xFF);
            assertPayload(frame, 4, payload);
        } finally {
            frame.release();
        }
    }

    @Test
    void smallestSixtyFourBitLength() {
        byte[] payload = payload(65536);
        ByteBuf frame = OutboundFrame.frame(ALLOC, payload, true);
        try {
            assertThat(frame.readableBytes()).isEqualTo(10 + 65536);
            assertThat(frame.getUnsignedByte(0)).isEqualTo((short) 0x82);
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) 127);
            assertThat(frame.getLong(2)).isEqualTo(65536L);
            // network byte order: most significant bit of the 64-bit length must be 0
            assertThat(frame.getByte(2) & 0x80).isZero();
            assertThat(frame.getByte(7)).isEqualTo((byte) 0x01);
            assertThat(frame.getByte(8)).isEqualTo((byte) 0x00);
            assertThat(frame.getByte(9)).isEqualTo((byte) 0x00);
            assertPayload(frame, 10, payload);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void finSetNoMaskNoReservedBitsAndOpcodeFollowsTheFlag(int length) {
        for (boolean binary : new boolean[] {false, true}) {
            ByteBuf frame = OutboundFrame.frame(ALLOC, payload(length), binary);
            try {
                int b0 = frame.getUnsignedByte(0);
                int b1 = frame.getUnsignedByte(1);
                assertThat(b0 & 0x80).as("FIN").isEqualTo(0x80);
                assertThat(b0 & 0x70).as("RSV1-3").isZero();
                assertThat(b0 & 0x0F).as("opcode").isEqualTo(binary ? 0x2 : 0x1);
                assertThat(b1 & 0x80).as("MASK").isZero();
                assertThat(frame.readerIndex()).isZero();
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void allocatesADirectBufferFromTheGivenAllocator() {
        ByteBuf frame = OutboundFrame.frame(UnpooledByteBufAllocator.DEFAULT, payload(10), false);
        try {
            assertThat(frame.isDirect()).isTrue();
            assertThat(frame.alloc()).isSameAs(UnpooledByteBufAllocator.DEFAULT);
            assertThat(frame.refCnt()).isEqualTo(1);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void nettysDecoderReadsBackTheSameMessage(int length) {
        byte[] payload = payload(length);
        // A client-side decoder: server frames are unmasked.
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).allowMaskMismatch(false).maxFramePayloadLength(1 << 20).build()));
        try {
            for (boolean binary : new boolean[] {false, true}) {
                assertThat(channel.writeInbound(OutboundFrame.frame(ALLOC, payload, binary))).isTrue();
                WebSocketFrame decoded = channel.readInbound();
                try {
                    assertThat(decoded).isInstanceOf(binary ? BinaryWebSocketFrame.class : TextWebSocketFrame.class);
                    assertThat(decoded.isFinalFragment()).isTrue();
                    assertThat(decoded.rsv()).isZero();
                    byte[] content = new byte[decoded.content().readableBytes()];
                    decoded.content().getBytes(decoded.content().readerIndex(), content);
                    assertThat(Arrays.equals(content, payload)).as("payload round trip").isTrue();
                } finally {
                    decoded.release();
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void textPayloadIsCopiedVerbatim() {
        byte[] json = "{\"text\":\"h\u00e9llo\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = OutboundFrame.frame(ALLOC, json, false);
        try {
            assertThat(frame.getUnsignedByte(1)).isEqualTo((short) json.length);
            assertThat(frame.toString(2, json.length, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"h\u00e9llo\"}");
        } finally {
            frame.release();
        }
    }

    private static void assertPayload(ByteBuf frame, int offset, byte[] expected) {
        byte[] actual = new byte[frame.readableBytes() - offset];
        frame.getBytes(offset, actual);
        assertThat(Arrays.equals(actual, expected)).as("payload bytes").isTrue();
    }
}
