package io.switchboard.conformance;

import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.transport.WebSocketServer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server under test for the Autobahn|Testsuite: the node's own {@link WebSocketServer} (same
 * handshake, decoder configuration, limits and close handling as production) with an
 * {@link EchoEndpoint} in place of the hub. WebSocket URL: {@code ws://HOST:PORT/ws}.
 *
 * <p>Usage: {@code AutobahnServer [port [host]]}, default {@code 9001 127.0.0.1}; port 0 picks a free
 * one. Blocks until interrupted or terminated (Ctrl-C), then closes the listener and the event loops.
 */
public final class AutobahnServer {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9001;
    public static final String WS_PATH = "/ws";

    private AutobahnServer() {
    }

    /**
     * Production transport defaults ({@link TransportOptions#defaults()}: 64 KiB message limit, timers,
     * buffers, native transport) with only the bind address changed: loopback, since nothing outside
     * this machine should reach an echo server.
     */
    public static TransportOptions options(String host, int port) {
        TransportOptions d = TransportOptions.defaults();
        return new TransportOptions(host, port, d.maxMessageSize(), d.handshakeTimeout(), d.heartbeatInterval(),
                d.idleTimeout(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBytes(), d.allowedOrigins(),
                d.ioThreads(), d.nativeTransport());
    }

    /** Starts an echo server with production limits (including the per-IP handshake rate) and returns it bound. */
    public static WebSocketServer start(String host, int port) {
        return start(host, port, new EchoEndpoint());
    }

    /** As {@link #start(String, int)}, with the given endpoint (whose counters a test can read). */
    public static WebSocketServer start(String host, int port, EchoEndpoint echo) {
        LimitOptions limits = LimitOptions.defaults();
        WebSocketServer server = new WebSocketServer(options(host, port), echo, Map.of(),
                limits.handshakeRatePerIp(), limits.handshakeBurstPerIp(), loops -> { }, echo::drain);
        server.start();
        return server;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        String host = args.length > 1 ? args[1] : DEFAULT_HOST;
        WebSocketServer server = start(host, port);
        Thread shutdownHook = new Thread(() -> stop(server), "autobahn-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        System.out.println("Autobahn echo server listening on ws://" + host + ":" + server.port() + WS_PATH);
        try {
            server.terminated().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop(server);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /** Drains briefly, then waits (bounded) for the event loops to stop. */
    public static void stop(WebSocketServer server) {
        try {
            server.shutdown(Duration.ofMillis(500)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            server.forceClose();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            server.forceClose();
        }
    }
}
