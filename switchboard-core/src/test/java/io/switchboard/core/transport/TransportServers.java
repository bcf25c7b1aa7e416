package io.switchboard.core.transport;

import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.http.HttpEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A bare transport (no hub) on a free loopback port, for tests of the pipeline with their own endpoint. */
final class TransportServers {

    private TransportServers() {
    }

    static WebSocketServer start(WebSocketEndpoint endpoint, int maxMessageSize, int ioThreads) {
        return start(endpoint, maxMessageSize, ioThreads, TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT, Map.of());
    }

    /** @param routes plain HTTP routes keyed {@code "METHOD /path"} */
    static WebSocketServer start(WebSocketEndpoint endpoint, int maxMessageSize, int ioThreads,
                                 Duration handshakeTimeout, Map<String, HttpEndpoint> routes) {
        return start(endpoint, maxMessageSize, ioThreads, handshakeTimeout, routes, loops -> { });
    }

    /** @param onLoops told the event loops once they exist */
    static WebSocketServer start(WebSocketEndpoint endpoint, int maxMessageSize, int ioThreads,
                                 Duration handshakeTimeout, Map<String, HttpEndpoint> routes,
                                 Consumer<List<EventExecutor>> onLoops) {
        TransportOptions d = TransportOptions.defaults();
        TransportOptions options = new TransportOptions("127.0.0.1", 0, maxMessageSize, handshakeTimeout,
                d.heartbeatInterval(), d.idleTimeout(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBytes(),
                List.of(), ioThreads, d.nativeTransport());
        WebSocketServer server = new WebSocketServer(options, endpoint, routes, 100_000, 100_000, onLoops,
                period -> CompletableFuture.completedFuture(null));
        server.start();
        return server;
    }
}
