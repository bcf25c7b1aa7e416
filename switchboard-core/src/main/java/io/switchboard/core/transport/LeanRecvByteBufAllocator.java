package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Sizes each connection's read buffers as Netty's {@code AdaptiveRecvByteBufAllocator} does (start at
 * 2 KiB; grow at once when a read fills the buffer; shrink after two reads in a row that used less than
 * half), with powers of two from 64 B to 64 KiB, and a per-connection handle of 40 bytes instead of
 * Netty's 112 (its handle, size calculator and read-more callback). Every idle connection keeps its
 * handle, so this is worth 72 bytes per connection.
 */
final class LeanRecvByteBufAllocator implements RecvByteBufAllocator {

    static final int MIN_SHIFT = 6;
    static final int INITIAL_SHIFT = 11;
    static final int MAX_SHIFT = 16;
    /** How many reads one readiness event may do before the loop serves other connections (Netty's default). */
    static final int MAX_READS_PER_EVENT = 16;
    /** Doublings after a read that filled its buffer: 2 KiB → 8 KiB → 32 KiB → 64 KiB. */
    private static final int GROW_SHIFTS = 2;

    @Override
    public Handle newHandle() {
        return new LeanHandle();
    }

    static final class LeanHandle implements ExtendedHandle {
        private ChannelConfig config;
        private int reads;
        private int totalBytes;
        private int attemptedBytes;
        private int lastBytes;
        private byte shift = INITIAL_SHIFT;
        private boolean shrinkNext;

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            return 1 << shift;
        }

        @Override
        public void reset(ChannelConfig config) {
            this.config = config;
            reads = 0;
            totalBytes = 0;
        }

        @Override
        public void incMessagesRead(int numMessages) {
            reads += numMessages;
        }

        @Override
        public void lastBytesRead(int bytes) {
            lastBytes = bytes;
            if (bytes > 0) {
                totalBytes += bytes;
                if (bytes == attemptedBytes) { // filled: more is probably waiting, take it in larger reads
                    shift = (byte) Math.min(MAX_SHIFT, shift + GROW_SHIFTS);
                    shrinkNext = false;
                }
            }
        }

        @Override
        public int lastBytesRead() {
            return lastBytes;
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            attemptedBytes = bytes;
        }

        @Override
        public int attemptedBytesRead() {
            return attemptedBytes;
        }

        @Override
        public boolean continueReading() {
            return continueReading(lastBytes == attemptedBytes);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return continueReading(maybeMoreDataSupplier.get());
        }

        private boolean continueReading(boolean maybeMore) {
            return config.isAutoRead() && maybeMore && reads < MAX_READS_PER_EVENT && totalBytes > 0;
        }

        @Override
        public void readComplete() {
            if (totalBytes < (1 << (shift - 1)) && shift > MIN_SHIFT) {
                if (shrinkNext) {
                    shift--;
                    shrinkNext = false;
                } else {
                    shrinkNext = true;
                }
            } else {
                shrinkNext = false;
            }
        }
    }
}
