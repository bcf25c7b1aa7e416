package io.switchboard.core.transport;

import io.switchboard.core.config.TransportOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A bare transport (no hub) on a free loopback port, for tests of the pipeline with their own endpoint. */
final class TransportServers {

    private TransportServers() {
    }

    static WebSocketServer start(WebSocketEndpoint endpoint, int maxMessageSize, int ioThreads) {
        TransportOptions d = TransportOptions.defaults();
        TransportOptions options = new TransportOptions("127.0.0.1", 0, maxMessageSize, d.handshakeTimeout(),
                d.heartbeatInterval(), d.idleTimeout(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBytes(),
                List.of(), ioThreads, d.nativeTransport());
        WebSocketServer server = new WebSocketServer(options, endpoint, Map.of(), 100_000, 100_000, loops -> { },
                period -> CompletableFuture.completedFuture(null));
        server.start();
        return server;
    }
}
