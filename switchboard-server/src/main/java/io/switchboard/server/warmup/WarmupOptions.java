package io.switchboard.server.warmup;

import io.switchboard.core.config.ConfigException;

import java.time.Duration;

/**
 * Whether and how much {@code switchboard serve} exercises its own hot paths before it listens (see
 * {@link NodeWarmup}).
 *
 * @param enabled     {@code warmup.enabled}: run a warm-up before binding the port
 * @param connections {@code warmup.connections}: connections per round; the warm-up's client and
 *                    node live in this process, so each takes two of its file descriptors
 * @param rounds      {@code warmup.rounds}: at most this many rounds; fewer when a round gave the JIT
 *                    compilers nothing more to do
 * @param maxTime     {@code warmup.max_time}: the warm-up stops after the round that passes this
 */
public record WarmupOptions(boolean enabled, int connections, int rounds, Duration maxTime) {

    public static final int DEFAULT_CONNECTIONS = 5_000;
    public static final int DEFAULT_ROUNDS = 4;
    public static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(60);
    /** Two descriptors per warm-up connection must fit beside the node's own under a 20,000 limit. */
    public static final int MAX_CONNECTIONS = 8_000;
    public static final int MAX_ROUNDS = 100;

    public WarmupOptions {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new ConfigException("warmup.connections", "must be between 1 and " + MAX_CONNECTIONS
                    + " (each takes two file descriptors of this process), was " + connections);
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new ConfigException("warmup.rounds", "must be between 1 and " + MAX_ROUNDS + ", was " + rounds);
        }
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new ConfigException("warmup.max_time", "must be a positive duration");
        }
    }

    /** No warm-up (the default): the node listens as soon as it has started. */
    public static WarmupOptions disabled() {
        return new WarmupOptions(false, DEFAULT_CONNECTIONS, DEFAULT_ROUNDS, DEFAULT_MAX_TIME);
    }
}
