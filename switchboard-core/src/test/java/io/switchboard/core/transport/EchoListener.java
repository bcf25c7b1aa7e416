package io.switchboard.core.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.core.hub.OutboundFrame;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.transport.WebSocketEndpoint.FrameListener;

/** A connection listener for transport tests: sends every message back as it came (text or binary). */
final class EchoListener implements FrameListener {

    private final Transport transport;

    EchoListener(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void onMessage(byte[] data, boolean binary) {
        transport.write(OutboundFrame.frame(PooledByteBufAllocator.DEFAULT, data, binary));
        transport.flush();
    }

    @Override
    public void onIdle() {
    }

    @Override
    public void onClosed(int closeCode) {
    }
}
