package io.switchboard.core.config;

import java.time.Duration;
import java.util.List;

import static io.switchboard.core.config.ConfigException.require;

/**
 * The network edge: where to listen, frame limits, timers and outbound buffering.
 *
 * @param host               address to bind, e.g. {@code 0.0.0.0}
 * @param port               TCP port; 0 picks a free one
 * @param maxMessageSize     largest inbound message in bytes (after reassembling fragments); larger closes with 1009
 * @param handshakeTimeout   time from TCP accept to a completed upgrade (or HTTP response)
 * @param heartbeatInterval  the server sends a WebSocket ping this often
 * @param idleTimeout        connections with no inbound traffic for this long are closed
 * @param writeBufferLow     Netty low water mark (bytes)
 * @param writeBufferHigh    Netty high water mark (bytes): above it a connection is not writable
 * @param maxOutboundBytes   outbound bytes queued for one connection beyond which it is a slow consumer
 * @param allowedOrigins     browser origins allowed besides the node's own; {@code *} allows any
 * @param ioThreads          event-loop threads; 0 means the number of cores
 * @param nativeTransport    use epoll when available
 */
public record TransportOptions(
        String host,
        int port,
        int maxMessageSize,
        Duration handshakeTimeout,
        Duration heartbeatInterval,
        Duration idleTimeout,
        int writeBufferLow,
        int writeBufferHigh,
        long maxOutboundBytes,
        List<String> allowedOrigins,
        int ioThreads,
        boolean nativeTransport) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_WRITE_BUFFER_LOW = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH = 64 * 1024;
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;

    public TransportOptions {
        require(host != null && !host.isBlank(), "host", "must not be blank");
        require(port >= 0 && port <= 65535, "port", "must be between 0 and 65535, was " + port);
        require(maxMessageSize >= 128 && maxMessageSize <= 16 * 1024 * 1024, "max_message_size",
                "must be between 128 bytes and 16 MiB, was " + maxMessageSize);
        requirePositive(handshakeTimeout, "handshake_timeout");
        requirePositive(heartbeatInterval, "heartbeat.interval");
        requirePositive(idleTimeout, "heartbeat.timeout");
        require(idleTimeout.compareTo(heartbeatInterval) > 0, "heartbeat.timeout",
                "must be longer than heartbeat.interval");
        require(writeBufferLow > 0, "write_buffer.low", "must be positive");
        require(writeBufferHigh > writeBufferLow, "write_buffer.high", "must be greater than write_buffer.low");
        require(maxOutboundBytes >= writeBufferHigh, "max_outbound_bytes", "must be at least write_buffer.high");
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            require(origin.equals("*") || origin.matches("https?://[^/\\s]+"), "allowed_origins",
                    "'" + origin + "' is not an origin like https://example.com (or *)");
        }
        require(ioThreads >= 0, "io_threads", "must not be negative");
    }

    static void requirePositive(Duration d, String key) {
        require(d != null && !d.isNegative() && !d.isZero(), key, "must be a positive duration");
    }

    public static TransportOptions defaults() {
        return new TransportOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_BUFFER_LOW,
                DEFAULT_WRITE_BUFFER_HIGH, DEFAULT_MAX_OUTBOUND_BYTES, List.of(), 0, true);
    }

    public TransportOptions withPort(int newPort) {
        return new TransportOptions(host, newPort, maxMessageSize, handshakeTimeout, heartbeatInterval, idleTimeout,
                writeBufferLow, writeBufferHigh, maxOutboundBytes, allowedOrigins, ioThreads, nativeTransport);
    }

    public boolean anyOrigin() {
        return allowedOrigins.contains("*");
    }
}
