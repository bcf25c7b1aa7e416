package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ControlFramesTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void pingPongAndEmptyClose() {
        assertThat(bytes(ControlFrames.ping(ALLOC))).containsExactly(0x89, 0x00);
        assertThat(bytes(ControlFrames.close(ALLOC, -1, null))).containsExactly(0x88, 0x00);
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        assertThat(bytes(ControlFrames.pong(ALLOC, payload))).containsExactly(0x8A, 3, 1, 2, 3);
        assertThat(payload.readerIndex()).as("the ping's payload is left unread").isZero();
    }

    @Test
    void closeCarriesCodeAndReason() {
        assertThat(bytes(ControlFrames.close(ALLOC, 3001, "slow"))).containsExactly(0x88, 6, 0x0B, 0xB9, 's', 'l', 'o', 'w');
    }

    @Test
    void longReasonIsCutToFitAControlFrameAtACharacterBoundary() {
        String reason = "é".repeat(100); // 200 bytes of two-byte characters
        byte[] frame = bytes(ControlFrames.close(ALLOC, 1002, reason));
        int payload = frame[1];
        assertThat(payload).isLessThanOrEqualTo(125);
        String decoded = new String(frame, 4, payload - 2, StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("é".repeat(61)).doesNotContain("\uFFFD");
    }
}
