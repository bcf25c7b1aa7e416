package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One push on its way to many connections: encoded and framed at most once per codec, on first use,
 * and shared. Holders call {@link #retain()} before handing it to another thread and
 * {@link #release()} when done; the framed buffers are freed with the last holder.
 */
final class SharedPush {

    private final Push push;
    private final long offset;
    private final AtomicInteger refs = new AtomicInteger(1);
    // Volatile so that the deliveries after the first read them without taking the lock.
    private volatile ByteBuf json;
    private volatile ByteBuf binary;

    SharedPush(Push push, long offset) {
        this.push = push;
        this.offset = offset;
    }

    Push push() {
        return push;
    }

    /** The publication's offset, or 0 for pushes that have none. */
    long offset() {
        return offset;
    }

    /**
     * The framed push for {@code codec}, one buffer for all its recipients: valid while the caller
     * holds a reference to this push; retain it to keep it longer.
     */
    ByteBuf shared(ProtocolCodec codec) {
        ByteBuf framed = codec.binary() ? binary : json;
        if (framed != null) {
            return framed;
        }
        synchronized (this) {
            if (codec.binary()) {
                if (binary == null) {
                    binary = OutboundFrame.frame(ByteBufAllocator.DEFAULT, codec.encodePush(push), true);
                }
                framed = binary;
            } else {
                if (json == null) {
                    json = OutboundFrame.frame(ByteBufAllocator.DEFAULT, codec.encodePush(push), false);
                }
                framed = json;
            }
        }
        return framed;
    }

    SharedPush retain() {
        refs.incrementAndGet();
        return this;
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            synchronized (this) {
                if (json != null) {
                    json.release();
                    json = null;
                }
                if (binary != null) {
                    binary.release();
                    binary = null;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SharedPush[" + push.type() + ", offset=" + offset + "]";
    }
}
