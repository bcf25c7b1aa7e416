package io.switchboard.core.config;

import static io.switchboard.core.config.ConfigException.require;

/**
 * Limits on everything a client controls.
 *
 * @param maxConnections            connections per node; further handshakes get 503
 * @param maxConnectionsPerIp       connections per remote IP; further handshakes get 429
 * @param handshakeRatePerIp        sustained handshakes per second per remote IP (token bucket), 429 beyond
 * @param handshakeBurstPerIp       bucket size for handshakes per IP
 * @param maxSubscriptions          subscriptions per connection
 * @param maxChannelLength          characters in a channel name
 * @param commandRate               sustained commands per second per connection (token bucket)
 * @param commandBurst              bucket size for commands
 * @param maxRejectedCommands       commands refused in a row for rate before the connection is closed (3004)
 */
public record LimitOptions(
        int maxConnections,
        int maxConnectionsPerIp,
        double handshakeRatePerIp,
        int handshakeBurstPerIp,
        int maxSubscriptions,
        int maxChannelLength,
        double commandRate,
        int commandBurst,
        int maxRejectedCommands) {

    public static final int DEFAULT_MAX_CONNECTIONS = 19_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 20_000;
    public static final double DEFAULT_HANDSHAKE_RATE_PER_IP = 1_000;
    public static final int DEFAULT_HANDSHAKE_BURST_PER_IP = 2_000;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 128;
    public static final int DEFAULT_MAX_CHANNEL_LENGTH = 255;
    public static final double DEFAULT_COMMAND_RATE = 100;
    public static final int DEFAULT_COMMAND_BURST = 200;
    public static final int DEFAULT_MAX_REJECTED_COMMANDS = 50;

    public LimitOptions {
        require(maxConnections > 0, "limits.max_connections", "must be positive");
        require(maxConnectionsPerIp > 0, "limits.max_connections_per_ip", "must be positive");
        require(handshakeRatePerIp > 0, "limits.handshake_rate_per_ip", "must be positive");
        require(handshakeBurstPerIp > 0, "limits.handshake_burst_per_ip", "must be positive");
        require(maxSubscriptions > 0, "limits.max_subscriptions", "must be positive");
        require(maxChannelLength > 0 && maxChannelLength <= 4096, "limits.max_channel_length",
                "must be between 1 and 4096");
        require(commandRate > 0, "limits.command_rate", "must be positive");
        require(commandBurst > 0, "limits.command_burst", "must be positive");
        require(maxRejectedCommands > 0, "limits.max_rejected_commands", "must be positive");
    }

    public static LimitOptions defaults() {
        return new LimitOptions(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_HANDSHAKE_RATE_PER_IP,
                DEFAULT_HANDSHAKE_BURST_PER_IP, DEFAULT_MAX_SUBSCRIPTIONS, DEFAULT_MAX_CHANNEL_LENGTH,
                DEFAULT_COMMAND_RATE, DEFAULT_COMMAND_BURST, DEFAULT_MAX_REJECTED_COMMANDS);
    }
}
