package io.switchboard.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadsTest {

    @Test
    void scansTimestampPublisherSequenceAndMeasuredMarkOutOfAPush() {
        String data = Payloads.data(123456789L, 3, 42, true, Payloads.padding(100));
        assertThat(data.length()).as("about --size bytes").isBetween(85, 100);
        String push = "{\"push\":\"publication\",\"channel\":\"bench:c1\",\"id\":\"a.b\",\"offset\":0,\"data\":" + data
                + ",\"info\":{\"client\":\"c\",\"user\":\"u\"}}";
        ByteBuf buf = Unpooled.copiedBuffer("xx" + push, StandardCharsets.UTF_8);
        long[] out = new long[4];

        assertThat(Payloads.scan(buf, 2, buf.readableBytes() - 2, out)).isTrue();
        assertThat(out).containsExactly(123456789L, 3, 42, 1);
        buf.release();
    }

    @Test
    void aWarmUpPublicationIsMarkedUnmeasured() {
        ByteBuf buf = Unpooled.copiedBuffer(Payloads.data(5, 0, 7, false, ""), StandardCharsets.UTF_8);
        long[] out = new long[4];

        assertThat(Payloads.scan(buf, 0, buf.readableBytes(), out)).isTrue();
        assertThat(out).containsExactly(5, 0, 7, 0);
        buf.release();
    }

    @Test
    void ignoresFramesWithoutAPayload() {
        ByteBuf buf = Unpooled.copiedBuffer("{\"push\":\"join\",\"channel\":\"x:y\"}", StandardCharsets.UTF_8);
        assertThat(Payloads.scan(buf, 0, buf.readableBytes(), new long[4])).isFalse();
        buf.release();
    }

    @Test
    void skipsBracesThatDoNotStartAPayloadAndIgnoresShortFrames() {
        String data = Payloads.data(9, 1, 2, true, "");
        ByteBuf buf = Unpooled.copiedBuffer("{\"a\":{\"b\":{}},\"data\":" + data + "}", StandardCharsets.UTF_8);
        long[] out = new long[4];

        assertThat(Payloads.scan(buf, 0, buf.readableBytes(), out)).isTrue();
        assertThat(out).containsExactly(9, 1, 2, 1);
        assertThat(Payloads.scan(buf, 0, 3, new long[4])).isFalse();
        // a payload cut off by the frame's end is not found
        assertThat(Payloads.scan(buf, buf.readableBytes() - data.length() - 1, 4, new long[4])).isFalse();
        buf.release();
    }
}
