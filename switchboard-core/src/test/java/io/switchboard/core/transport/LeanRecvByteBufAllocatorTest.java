package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator.ExtendedHandle;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeanRecvByteBufAllocatorTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelConfig config = channel.config();
    private final ExtendedHandle handle = (ExtendedHandle) new LeanRecvByteBufAllocator().newHandle();

    /** One readiness event as Netty's read loop drives it: read until the handle says stop. */
    private int readEvent(int available) {
        handle.reset(config);
        int reads = 0;
        do {
            int attempt = handle.guess();
            handle.attemptedBytesRead(attempt);
            int got = Math.min(attempt, available);
            available -= got;
            handle.lastBytesRead(got);
            if (got == 0) {
                break;
            }
            handle.incMessagesRead(1);
            reads++;
        } while (handle.continueReading());
        handle.readComplete();
        return reads;
    }

    @Test
    void startsAt2KiBAndAllocatesWhatItGuesses() {
        assertThat(handle.guess()).isEqualTo(2048);
        ByteBuf buf = handle.allocate(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(buf.capacity()).isEqualTo(2048);
        } finally {
            buf.release();
        }
    }

    @Test
    void aReadThatFillsTheBufferGrowsTheNextReadUpTo64KiB() {
        int reads = readEvent(200_000);

        assertThat(handle.guess()).isEqualTo(65536);
        assertThat(reads).as("2 + 8 + 32 + 64 + 64 KiB, then the last 25,920 bytes").isEqualTo(6);
    }

    @Test
    void shrinksAfterTwoSmallEventsInARowNotOne() {
        readEvent(100);
        assertThat(handle.guess()).as("one small event").isEqualTo(2048);
        readEvent(100);
        assertThat(handle.guess()).as("two in a row").isEqualTo(1024);
        readEvent(100);
        readEvent(600);
        assertThat(handle.guess()).as("600 B is not less than half of 1 KiB: the run is broken").isEqualTo(1024);
        for (int i = 0; i < 40; i++) {
            readEvent(10);
        }
        assertThat(handle.guess()).as("never below 64 B").isEqualTo(64);
    }

    @Test
    void stopsWhenTheSocketIsDrainedAutoReadIsOffOrAfter16Reads() {
        assertThat(readEvent(1000)).as("a short read means nothing is left").isEqualTo(1);

        assertThat(readEvent(10_000_000)).as("at most 16 reads per readiness event").isEqualTo(16);

        config.setAutoRead(false);
        assertThat(readEvent(10_000_000)).isEqualTo(1);
        config.setAutoRead(true);

        handle.reset(config);
        handle.attemptedBytesRead(64);
        handle.lastBytesRead(64);
        handle.incMessagesRead(1);
        assertThat(handle.continueReading(() -> false)).as("the transport says nothing more is waiting").isFalse();
        assertThat(handle.continueReading(() -> true)).isTrue();
    }

    @Test
    void nothingReadMeansNoMoreReading() {
        handle.reset(config);
        handle.attemptedBytesRead(2048);
        handle.lastBytesRead(-1); // the peer closed
        assertThat(handle.continueReading()).isFalse();
    }
}
