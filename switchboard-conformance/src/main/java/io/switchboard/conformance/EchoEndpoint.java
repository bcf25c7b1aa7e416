package io.switchboard.conformance;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.core.hub.OutboundFrame;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.transport.UpgradeRequest;
import io.switchboard.core.transport.WebSocketEndpoint;
import io.switchboard.protocol.DisconnectCode;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link WebSocketEndpoint} that admits every upgrade (no token needed) and sends each whole message
 * back, text as text and binary as binary, through the same {@link Transport#write} path the hub uses.
 * Plugged into the node's own {@link io.switchboard.core.transport.WebSocketServer} in place of the hub,
 * it lets the Autobahn|Testsuite exercise the real handshake, decoder limits, UTF-8 validation,
 * fragmentation, ping/pong and close handling.
 */
public final class EchoEndpoint implements WebSocketEndpoint {

    private final ByteBufAllocator alloc;
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private volatile CompletableFuture<Void> drained;

    public EchoEndpoint() {
        this(PooledByteBufAllocator.DEFAULT);
    }

    public EchoEndpoint(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    @Override
    public CompletionStage<Admission> admit(UpgradeRequest request) {
        return CompletableFuture.completedFuture(new Admission.Accepted(request.remoteIp(), () -> { }));
    }

    @Override
    public FrameListener open(Transport transport, Admission.Accepted admission) {
        opened.incrementAndGet();
        open.add(transport);
        return new FrameListener() {
            @Override
            public void onMessage(byte[] data, boolean binary) {
                transport.write(OutboundFrame.frame(alloc, data, binary));
                transport.flush();
            }

            @Override
            public void onIdle() {
                transport.close(DisconnectCode.GOING_AWAY.code(), "idle");
            }

            @Override
            public void onClosed(int closeCode) {
                closed.incrementAndGet();
                open.remove(transport);
                CompletableFuture<Void> d = drained;
                if (d != null && open.isEmpty()) {
                    d.complete(null);
                }
            }
        };
    }

    /** Connections currently open. */
    public int openConnections() {
        return open.size();
    }

    /** Connections opened so far (upgrades completed). */
    public long openedConnections() {
        return opened.get();
    }

    /** Connections whose {@code onClosed} has run so far; equals {@link #openedConnections()} once all are gone. */
    public long closedConnections() {
        return closed.get();
    }

    /**
     * Closes every open connection with 1001 (going away). Completes when the last one has closed;
     * {@link io.switchboard.core.transport.WebSocketServer#shutdown} bounds the wait.
     */
    public CompletableFuture<Void> drain(Duration period) {
        CompletableFuture<Void> d = new CompletableFuture<>();
        drained = d;
        for (Transport t : open) {
            t.executor().execute(() -> t.close(DisconnectCode.GOING_AWAY.code(), "server shutting down"));
        }
        if (open.isEmpty()) {
            d.complete(null);
        }
        return d;
    }
}
